package org.cohortseg.stats;

import java.util.function.BiFunction;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * How well a kind of reference chart covers scans it was not fitted to: per age band (the data's age
 * quartiles), the share of scans below each nominal centile ({@link #NOMINAL}), and the score, the
 * mean absolute deviation of those shares from nominal in percentage points (0 is perfect calibration).
 *
 * <p>A scan is below centile p when its z-score is below {@code Phi^-1(p / 100)}: the same as
 * {@code value < centile(age, p)} for a chart increasing in p, with one z-score per scan instead of
 * seven centiles.
 *
 * <p>Out of sample by deterministic K-fold cross-fitting ({@link #FOLDS} = 5): scan i (in the order
 * given; callers sort by scan id) is in fold i mod K, and is checked against the chart fitted to the
 * other folds, so a chart that bends to its own data is not rewarded.
 *
 * @param nominal the nominal centiles, percent
 * @param bandUpperAges the upper ages of the first three bands (the age quartiles); band 4 is above
 * @param bandCounts scans per band
 * @param observed percent of the band's scans below each nominal centile, [band][centile]; NaN-free
 *                 (a band without scans has zeros and is left out of the score)
 * @param score mean |observed - nominal| over bands with scans and centiles, percentage points
 */
public record ChartCalibration(double[] nominal, double[] bandUpperAges, int[] bandCounts, double[][] observed,
                               double score) {
    /** The nominal centiles checked. */
    public static final double[] NOMINAL = {5, 10, 25, 50, 75, 90, 95};
    /** Number of cross-fitting folds. */
    public static final int FOLDS = 5;

    /**
     * The cross-fitted calibration of the chart that {@code fit} makes from (age, values), or why there
     * is none (a fold's chart could not be fitted).
     */
    public static Estimate<ChartCalibration> crossFitted(double[] age, double[] values,
            BiFunction<double[], double[], ? extends Estimate<? extends CentileChart>> fit) {
        int n = values.length;
        if (n < FOLDS) {
            return Estimate.none("n < " + FOLDS + ": too few to cross-fit");
        }
        double[] bands = Quantiles.type7(age, 0.25, 0.5, 0.75);
        NormalDistribution normal = new NormalDistribution();
        double[] thresholds = new double[NOMINAL.length];
        for (int c = 0; c < NOMINAL.length; c++) {
            thresholds[c] = normal.inverseCumulativeProbability(NOMINAL[c] / 100);
        }
        int[] counts = new int[bands.length + 1];
        int[][] below = new int[bands.length + 1][NOMINAL.length];
        for (int fold = 0; fold < FOLDS; fold++) {
            int test = (n - fold + FOLDS - 1) / FOLDS;
            double[] trainAge = new double[n - test];
            double[] trainValues = new double[n - test];
            for (int i = 0, t = 0; i < n; i++) {
                if (i % FOLDS != fold) {
                    trainAge[t] = age[i];
                    trainValues[t++] = values[i];
                }
            }
            Estimate<? extends CentileChart> chart = fit.apply(trainAge, trainValues);
            if (!chart.present()) {
                return Estimate.none("fold " + (fold + 1) + " of " + FOLDS + ": " + chart.reason());
            }
            for (int i = fold; i < n; i += FOLDS) {
                int band = band(bands, age[i]);
                counts[band]++;
                double z = chart.value().zScore(age[i], values[i]);
                for (int c = 0; c < NOMINAL.length; c++) {
                    below[band][c] += z < thresholds[c] ? 1 : 0;
                }
            }
        }
        return Estimate.of(of(bands, counts, below));
    }

    private static int band(double[] upperAges, double age) {
        int band = 0;
        while (band < upperAges.length && age > upperAges[band]) {
            band++;
        }
        return band;
    }

    private static ChartCalibration of(double[] bands, int[] counts, int[][] below) {
        double[][] observed = new double[counts.length][NOMINAL.length];
        double deviation = 0;
        int cells = 0;
        for (int b = 0; b < counts.length; b++) {
            if (counts[b] == 0) {
                continue;
            }
            for (int c = 0; c < NOMINAL.length; c++) {
                observed[b][c] = 100.0 * below[b][c] / counts[b];
                deviation += Math.abs(observed[b][c] - NOMINAL[c]);
                cells++;
            }
        }
        return new ChartCalibration(NOMINAL.clone(), bands, counts, observed, deviation / cells);
    }
}
