package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Named numeric columns added to a regression (without the intercept), aligned with the observations.
 * Categorical covariates enter as indicator columns, as R's {@code model.matrix} with treatment contrasts: one
 * per level but the first in sorted order (the reference), named {@code name=level}.
 *
 * @param names column names
 * @param columns one array per column, all of the same length
 */
public record Covariates(List<String> names, List<double[]> columns) {

    public Covariates {
        names = List.copyOf(names);
        columns = columns.stream().map(double[]::clone).toList();
        if (names.size() != columns.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + columns.size() + " columns");
        }
        if (columns.stream().mapToInt(c -> c.length).distinct().count() > 1) {
            throw new IllegalArgumentException("covariate columns differ in length");
        }
    }

    @Override
    public List<double[]> columns() {
        return columns.stream().map(double[]::clone).toList();
    }

    /** No covariates. */
    public static Covariates none() {
        return new Covariates(List.of(), List.of());
    }

    /** One numeric covariate. */
    public static Covariates numeric(String name, double[] values) {
        return new Covariates(List.of(name), List.of(values));
    }

    /** A 0/1 covariate (1 = true). */
    public static Covariates indicator(String name, boolean[] values) {
        double[] column = new double[values.length];
        for (int i = 0; i < column.length; i++) {
            column[i] = values[i] ? 1 : 0;
        }
        return numeric(name, column);
    }

    /** The indicators of a categorical covariate's levels but the first in sorted order. */
    public static Covariates dummies(String name, String[] values) {
        TreeSet<String> levels = new TreeSet<>(List.of(values));
        levels.pollFirst();
        List<String> names = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        for (String level : levels) {
            double[] indicator = new double[values.length];
            for (int i = 0; i < indicator.length; i++) {
                indicator[i] = values[i].equals(level) ? 1 : 0;
            }
            names.add(name + "=" + level);
            columns.add(indicator);
        }
        return new Covariates(names, columns);
    }

    /** The indicators of every categorical covariate, by covariate name in sorted order. */
    public static Covariates categorical(Map<String, String[]> covariates) {
        Covariates out = none();
        for (Map.Entry<String, String[]> c : new TreeMap<>(covariates).entrySet()) {
            out = out.and(dummies(c.getKey(), c.getValue()));
        }
        return out;
    }

    /** The columns of a samples x k matrix, named x1..xk. */
    public static Covariates ofRows(double[][] rows) {
        int k = rows.length == 0 ? 0 : rows[0].length;
        List<String> names = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            double[] column = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                column[i] = rows[i][c];
            }
            names.add("x" + (c + 1));
            columns.add(column);
        }
        return new Covariates(names, columns);
    }

    /** The covariates as a samples x k matrix (the inverse of {@link #ofRows}). */
    public double[][] rows() {
        int n = columns.isEmpty() ? 0 : columns.get(0).length;
        double[][] rows = new double[n][columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            for (int i = 0; i < n; i++) {
                rows[i][c] = columns.get(c)[i];
            }
        }
        return rows;
    }

    /** These columns, then {@code other}'s. */
    public Covariates and(Covariates other) {
        List<String> n = new ArrayList<>(names);
        n.addAll(other.names);
        List<double[]> c = new ArrayList<>(columns);
        c.addAll(other.columns);
        return new Covariates(n, c);
    }

    /** Number of columns. */
    public int size() {
        return names.size();
    }

    /** The observations in {@code keep}, in that order. */
    Covariates rows(int[] keep) {
        return new Covariates(names, columns.stream().map(c -> {
            double[] out = new double[keep.length];
            for (int i = 0; i < keep.length; i++) {
                out[i] = c[keep[i]];
            }
            return out;
        }).toList());
    }

    /** Every column replaced by its ranks (ties averaged). */
    Covariates ranked() {
        NaturalRanking ranking = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE);
        return new Covariates(names, columns.stream().map(ranking::rank).toList());
    }
}
