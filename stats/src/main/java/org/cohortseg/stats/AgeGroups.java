package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

/**
 * Age groups and their summaries: the aging study's quartiles (< 41, 41-59, 59-78, > 78 years),
 * the sample's age quartiles, or decades; per group n, mean, sd, median and interquartile range,
 * and the Kruskal-Wallis test across groups.
 */
public final class AgeGroups {
    /** The paper's quartile limits: a group holds ages >= its lower and < its upper limit, the third includes 78. */
    private static final double[] PAPER = {41, 59, 78};
    /** Orders "<41" before "41-59" before ">78", "Q1" before "Q2", decades numerically. */
    public static final Comparator<String> LABEL_ORDER = Comparator.comparingDouble(AgeGroups::sortKey);

    private AgeGroups() {
    }

    /** How to group ages. */
    public enum Scheme { PAPER, SAMPLE_QUARTILES, DECADES }

    /**
     * Summary of one age group.
     *
     * @param group label, e.g. "41-59"
     * @param n observations
     * @param mean mean
     * @param sd standard deviation (n - 1), null when n < 2
     * @param median median (type 7)
     * @param q1 25th percentile
     * @param q3 75th percentile
     */
    public record Group(String group, int n, double mean, Double sd, double median, double q1, double q3) {
    }

    /** Groups and the test across them. */
    public record Result(List<Group> groups, Estimate<KruskalWallis> kruskalWallis) {
    }

    /** The label of every age under {@code scheme} (sample quartiles are computed from {@code ages}). */
    public static String[] labels(double[] ages, Scheme scheme) {
        String[] out = new String[ages.length];
        double[] limits = switch (scheme) {
            case PAPER -> PAPER;
            case SAMPLE_QUARTILES -> Quantiles.type7(ages, 0.25, 0.5, 0.75);
            case DECADES -> null;
        };
        for (int i = 0; i < ages.length; i++) {
            out[i] = limits == null ? decade(ages[i]) : band(ages[i], limits, scheme == Scheme.PAPER);
        }
        return out;
    }

    private static String decade(double age) {
        int d = (int) Math.floor(age / 10) * 10;
        return d + "-" + (d + 9);
    }

    private static String band(double age, double[] limits, boolean paper) {
        String[] names = paper ? new String[] {"<41", "41-59", "59-78", ">78"}
                : new String[] {"Q1", "Q2", "Q3", "Q4"};
        for (int k = 0; k < limits.length; k++) {
            boolean inside = paper && k == 2 ? age <= limits[k] : age < limits[k];
            if (inside) {
                return names[k];
            }
        }
        return names[limits.length];
    }

    /** Summaries per group (in label order of first appearance sorted) and Kruskal-Wallis across them. */
    public static Result summarise(double[] values, String[] labels) {
        Map<String, List<Double>> byGroup = new java.util.TreeMap<>(LABEL_ORDER);
        for (int i = 0; i < values.length; i++) {
            byGroup.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(values[i]);
        }
        List<Group> groups = new ArrayList<>();
        byGroup.forEach((g, list) -> {
            double[] v = list.stream().mapToDouble(Double::doubleValue).toArray();
            double[] q = Quantiles.type7(v, 0.25, 0.5, 0.75);
            double mean = java.util.Arrays.stream(v).average().orElseThrow();
            groups.add(new Group(g, v.length, mean, v.length < 2 ? null : new StandardDeviation().evaluate(v), q[1], q[0], q[2]));
        });
        return new Result(groups, KruskalWallis.test(values, labels));
    }

    private static double sortKey(String label) {
        if (label.startsWith("<")) {
            return -1;
        }
        if (label.startsWith(">")) {
            return 1000;
        }
        if (label.startsWith("Q")) {
            return Double.parseDouble(label.substring(1));
        }
        return Double.parseDouble(label.split("-")[0]);
    }

    /** A readable description of the scheme, for reports. */
    public static String describe(Scheme scheme) {
        return switch (scheme) {
            case PAPER -> "age quartiles of the aging study: <41, 41-59, 59-78 (78 included), >78 years";
            case SAMPLE_QUARTILES -> "quartiles of this sample's ages";
            case DECADES -> String.format(Locale.ROOT, "decades of age");
        };
    }
}
