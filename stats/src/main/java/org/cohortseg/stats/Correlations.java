package org.cohortseg.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Pearson and Spearman correlation tests as R's {@code cor.test}: Pearson with a t test and the
 * Fisher-z confidence interval; Spearman with average ranks for ties and, as
 * {@code cor.test(method = "spearman", exact = FALSE)}, the t approximation
 * {@code t = rho sqrt((n - 2) / (1 - rho^2))} with n - 2 degrees of freedom.
 */
public final class Correlations {
    private static final double Z_975 = new NormalDistribution().inverseCumulativeProbability(0.975);

    private Correlations() {
    }

    /** Pearson's r of paired values. */
    public static Estimate<Correlation> pearson(double[] x, double[] y) {
        String problem = check(x, y);
        if (problem != null) {
            return Estimate.none(problem);
        }
        int n = x.length;
        double r = r(x, y);
        double p = pValue(r, n);
        double low = r;
        double high = r;
        if (n > 3 && Math.abs(r) < 1) {
            double z = atanh(r);
            double se = 1 / Math.sqrt(n - 3);
            low = Math.tanh(z - Z_975 * se);
            high = Math.tanh(z + Z_975 * se);
        }
        return Estimate.of(new Correlation(r, p, n, low, high));
    }

    /** Spearman's rho of paired values (ties get average ranks). */
    public static Estimate<Correlation> spearman(double[] x, double[] y) {
        String problem = check(x, y);
        if (problem != null) {
            return Estimate.none(problem);
        }
        NaturalRanking ranking = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE);
        double[] rx = ranking.rank(x);
        double[] ry = ranking.rank(y);
        double rho = r(rx, ry);
        return Estimate.of(new Correlation(rho, pValue(rho, x.length), x.length, rho, rho));
    }

    private static String check(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
        if (x.length < 3) {
            return "n < 3";
        }
        if (constant(x) || constant(y)) {
            return "zero variance";
        }
        return null;
    }

    private static boolean constant(double[] v) {
        for (double d : v) {
            if (d != v[0]) {
                return false;
            }
        }
        return true;
    }

    /** Pearson's r by centred sums (two passes: no cancellation of large means). */
    private static double r(double[] x, double[] y) {
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    /** Two-sided p-value of the t statistic of a correlation with n - 2 degrees of freedom. */
    private static double pValue(double r, int n) {
        if (n < 3) {
            return 1;
        }
        if (Math.abs(r) >= 1) {
            return 0;
        }
        double t = r * Math.sqrt((n - 2) / (1 - r * r));
        return 2 * new TDistribution(null, n - 2).cumulativeProbability(-Math.abs(t));
    }

    private static double atanh(double r) {
        return 0.5 * Math.log((1 + r) / (1 - r));
    }
}
