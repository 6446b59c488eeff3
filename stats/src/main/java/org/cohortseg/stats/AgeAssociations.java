package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Computes {@link AgeAssociation}s: Spearman and Pearson correlation of the measure with age, and
 * the regression measure ~ age (+ male in the all stratum) (+ one indicator per non-reference
 * level of each covariate, the reference being the first level in sorted order).
 */
public final class AgeAssociations {
    private AgeAssociations() {
    }

    /** The association of one series. */
    public static AgeAssociation of(Series s) {
        double[] age = s.age();
        double[] values = s.values();
        List<double[]> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        columns.add(age);
        names.add("age");
        if (s.stratum() == Stratum.ALL) {
            boolean[] male = s.male();
            double[] m = new double[male.length];
            for (int i = 0; i < m.length; i++) {
                m[i] = male[i] ? 1 : 0;
            }
            columns.add(m);
            names.add("male");
        }
        for (Map.Entry<String, String[]> c : new java.util.TreeMap<>(s.covariates()).entrySet()) {
            TreeSet<String> levels = new TreeSet<>(List.of(c.getValue()));
            levels.pollFirst(); // reference level
            for (String level : levels) {
                double[] indicator = new double[values.length];
                for (int i = 0; i < indicator.length; i++) {
                    indicator[i] = c.getValue()[i].equals(level) ? 1 : 0;
                }
                columns.add(indicator);
                names.add(c.getKey() + "=" + level);
            }
        }
        Estimate<LinearFit> fit = s.n() < 3 ? Estimate.none("n < 3")
                : LeastSquares.fit(values, columns, names).map(LeastSquares.Model::fit);
        return new AgeAssociation(s.structure(), s.measure(), s.stratum(), s.n(), Correlations.spearman(age, values),
                Correlations.pearson(age, values), fit);
    }

    /** Bonferroni and Benjamini-Hochberg over every defined Spearman p-value of the family, keyed by position. */
    public static Map<Integer, double[]> adjust(List<AgeAssociation> family) {
        List<Integer> index = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        for (int i = 0; i < family.size(); i++) {
            if (family.get(i).spearman().present()) {
                index.add(i);
                p.add(family.get(i).spearman().value().pValue());
            }
        }
        double[] raw = p.stream().mapToDouble(Double::doubleValue).toArray();
        double[] bonferroni = MultipleTesting.bonferroni(raw);
        double[] bh = MultipleTesting.benjaminiHochberg(raw);
        Map<Integer, double[]> out = new LinkedHashMap<>();
        for (int k = 0; k < index.size(); k++) {
            out.put(index.get(k), new double[] {bonferroni[k], bh[k]});
        }
        return out;
    }
}
