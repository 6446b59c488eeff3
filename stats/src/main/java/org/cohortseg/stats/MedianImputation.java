package org.cohortseg.stats;

import java.util.Arrays;

/**
 * Missing-value handling learned on a training part only: a feature with more than
 * {@link #MAX_MISSING} of its training values missing (NaN or infinite) is dropped; the others have missing
 * values, in training and held-out rows alike, replaced by the training median (R's median: the
 * mean of the two middle values for an even count).
 */
final class MedianImputation {
    /** Largest fraction of missing training values a kept feature may have. */
    static final double MAX_MISSING = 0.5;
    private final int[] kept;
    private final double[] medians;

    private MedianImputation(int[] kept, double[] medians) {
        this.kept = kept;
        this.medians = medians;
    }

    /** Learns from training rows of {@code p} features each. */
    static MedianImputation learn(double[][] training, int p) {
        int[] kept = new int[p];
        double[] medians = new double[p];
        int count = 0;
        for (int j = 0; j < p; j++) {
            double[] present = new double[training.length];
            int m = 0;
            for (double[] row : training) {
                if (Double.isFinite(row[j])) {
                    present[m++] = row[j];
                }
            }
            if (m > 0 && training.length - m <= MAX_MISSING * training.length) {
                kept[count] = j;
                medians[count++] = Quantiles.type7(Arrays.copyOf(present, m), 0.5)[0];
            }
        }
        return new MedianImputation(Arrays.copyOf(kept, count), Arrays.copyOf(medians, count));
    }

    /** Indices of the kept features. */
    int[] kept() {
        return kept.clone();
    }

    /** The kept features of a row, missing values imputed. */
    double[] apply(double[] row) {
        double[] out = new double[kept.length];
        for (int k = 0; k < kept.length; k++) {
            double v = row[kept[k]];
            out[k] = Double.isFinite(v) ? v : medians[k];
        }
        return out;
    }
}
