package org.cohortseg.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Confidence intervals of Spearman's rs: the bootstrap percentile interval, and the analytic Fisher-z interval
 * with the Bonett-Wright variance {@code (1 + rs^2 / 2) / (n - 3)} (Bonett and Wright 2000, Psychometrika 65:23).
 *
 * <p>The bootstrap is reproducible whatever the order of the input: the pairs are first sorted by id (then by
 * x and y), and the resamples draw indices into that order from {@code SplittableRandom(seed)}. Each resample's
 * rs is computed from the draw counts in O(n), without sorting: the pairs are ranked once, and a resample's
 * average ranks follow from the counts along that order (a pair drawn twice ties with itself).
 */
public final class SpearmanBootstrap {
    /** Resamples unless told otherwise. */
    public static final int DEFAULT_RESAMPLES = 2000;
    private static final double Z_975 = new NormalDistribution().inverseCumulativeProbability(0.975);

    private SpearmanBootstrap() {
    }

    /**
     * How to resample.
     *
     * @param resamples number of resamples (at least 2)
     * @param seed seed of the random draws
     */
    public record Settings(int resamples, long seed) {
        public Settings {
            if (resamples < 2) {
                throw new IllegalArgumentException("at least 2 resamples: " + resamples);
            }
        }

        /** {@link #DEFAULT_RESAMPLES} resamples. */
        public static Settings seeded(long seed) {
            return new Settings(DEFAULT_RESAMPLES, seed);
        }
    }

    /**
     * A 95 % interval of rs.
     *
     * @param estimate rs of the data
     * @param ciLow lower bound
     * @param ciHigh upper bound
     * @param resamples resamples whose rs is defined (those with a constant x or y are left out); 0 for the
     *                  analytic interval
     */
    public record Interval(double estimate, double ciLow, double ciHigh, int resamples) {
    }

    /** The bootstrap percentile interval (2.5 and 97.5 % type 7 quantiles of the resampled rs). */
    public static Estimate<Interval> percentile(String[] ids, double[] x, double[] y, Settings settings) {
        int n = x.length;
        if (ids.length != n || y.length != n) {
            throw new IllegalArgumentException("ids, x and y differ in length");
        }
        Estimate<Correlation> rs = Correlations.spearman(x, y);
        if (!rs.present()) {
            return Estimate.none(rs.reason());
        }
        int[] byId = IntStream.range(0, n).boxed().sorted(Comparator.<Integer, String>comparing(i -> ids[i])
                .thenComparingDouble(i -> x[i]).thenComparingDouble(i -> y[i])).mapToInt(Integer::intValue).toArray();
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = x[byId[i]];
            ys[i] = y[byId[i]];
        }
        Ties tx = Ties.of(xs);
        Ties ty = Ties.of(ys);
        SplittableRandom random = new SplittableRandom(settings.seed());
        int[] counts = new int[n];
        double[] rx = new double[n];
        double[] ry = new double[n];
        double[] resampled = new double[settings.resamples()];
        int defined = 0;
        for (int b = 0; b < settings.resamples(); b++) {
            Arrays.fill(counts, 0);
            for (int k = 0; k < n; k++) {
                counts[random.nextInt(n)]++;
            }
            double r = spearman(tx, ty, counts, rx, ry);
            if (!Double.isNaN(r)) {
                resampled[defined++] = r;
            }
        }
        if (defined < 2) {
            return Estimate.none("fewer than 2 resamples with a defined rs");
        }
        double[] bounds = Quantiles.type7(Arrays.copyOf(resampled, defined), 0.025, 0.975);
        return Estimate.of(new Interval(rs.value().estimate(), bounds[0], bounds[1], defined));
    }

    /** The Fisher-z 95 % interval of rs with the Bonett-Wright variance. */
    public static Estimate<Interval> bonettWright(double rs, int n) {
        if (n <= 3) {
            return Estimate.none("n <= 3");
        }
        if (!(Math.abs(rs) < 1)) {
            return Estimate.none("|rs| = 1: no Fisher z");
        }
        double z = 0.5 * Math.log((1 + rs) / (1 - rs));
        double half = Z_975 * Math.sqrt((1 + rs * rs / 2) / (n - 3));
        return Estimate.of(new Interval(rs, Math.tanh(z - half), Math.tanh(z + half), 0));
    }

    /** rs of the resample that holds pair i counts[i] times; NaN when x or y is constant in it. */
    static double spearman(double[] x, double[] y, int[] counts) {
        int n = x.length;
        return spearman(Ties.of(x), Ties.of(y), counts, new double[n], new double[n]);
    }

    private static double spearman(Ties tx, Ties ty, int[] counts, double[] rx, double[] ry) {
        tx.rank(counts, rx);
        ty.rank(counts, ry);
        int size = 0;
        for (int c : counts) {
            size += c;
        }
        double mean = (size + 1) / 2.0;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                double dx = rx[i] - mean;
                double dy = ry[i] - mean;
                sxy += counts[i] * dx * dy;
                sxx += counts[i] * dx * dx;
                syy += counts[i] * dy * dy;
            }
        }
        return sxx == 0 || syy == 0 ? Double.NaN : Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    /** The pairs in order of one variable, and where each run of equal values starts (n closes the last). */
    private record Ties(int[] order, int[] starts) {
        static Ties of(double[] v) {
            int[] order = IntStream.range(0, v.length).boxed().sorted(Comparator.comparingDouble(i -> v[i]))
                    .mapToInt(Integer::intValue).toArray();
            int[] starts = IntStream.rangeClosed(0, v.length)
                    .filter(k -> k == 0 || k == v.length || v[order[k]] != v[order[k - 1]]).toArray();
            return new Ties(order, starts);
        }

        /** The average rank in the resample of every pair drawn (others are left as they were). */
        void rank(int[] counts, double[] out) {
            int before = 0;
            for (int g = 0; g + 1 < starts.length; g++) {
                int drawn = 0;
                for (int k = starts[g]; k < starts[g + 1]; k++) {
                    drawn += counts[order[k]];
                }
                double rank = before + (drawn + 1) / 2.0;
                for (int k = starts[g]; k < starts[g + 1]; k++) {
                    out[order[k]] = rank;
                }
                before += drawn;
            }
        }
    }
}
