package org.cohortseg.stats;

import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.special.Gamma;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * The Kruskal-Wallis rank-sum test across groups, with the correction for ties, as R's
 * {@code kruskal.test}: p from the chi-squared distribution with k - 1 degrees of freedom.
 *
 * @param statistic H corrected for ties
 * @param df degrees of freedom (groups - 1)
 * @param pValue upper-tail p-value
 */
public record KruskalWallis(double statistic, int df, double pValue) {

    /** The test of {@code values} grouped by {@code groups}. */
    public static Estimate<KruskalWallis> test(double[] values, String[] groups) {
        int n = values.length;
        if (n < 2) {
            return Estimate.none("n < 2");
        }
        double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(values);
        Map<String, double[]> sums = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            double[] s = sums.computeIfAbsent(groups[i], g -> new double[2]);
            s[0] += ranks[i];
            s[1]++;
        }
        if (sums.size() < 2) {
            return Estimate.none("fewer than 2 groups");
        }
        double h = 0;
        for (double[] s : sums.values()) {
            h += s[0] * s[0] / s[1];
        }
        h = 12.0 / (n * (n + 1.0)) * h - 3.0 * (n + 1);
        Map<Double, Integer> ties = new TreeMap<>();
        for (double v : values) {
            ties.merge(v, 1, Integer::sum);
        }
        double correction = 0;
        for (int t : ties.values()) {
            correction += (double) t * t * t - t;
        }
        double denominator = 1 - correction / ((double) n * n * n - n);
        if (denominator <= 0) {
            return Estimate.none("all values are tied");
        }
        h /= denominator;
        int df = sums.size() - 1;
        // the upper tail directly: 1 - cdf would round p-values below 1e-16 to 0
        return Estimate.of(new KruskalWallis(h, df, Gamma.regularizedGammaQ(df / 2.0, h / 2)));
    }
}
