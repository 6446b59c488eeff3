package org.cohortseg.stats;

import java.util.Arrays;

/** Sample quantiles by linear interpolation between order statistics: R's type 7 (numpy's default). */
public final class Quantiles {
    private Quantiles() {
    }

    /** The {@code probs} quantiles of {@code values}. */
    public static double[] type7(double[] values, double... probs) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] out = new double[probs.length];
        for (int i = 0; i < probs.length; i++) {
            if (probs[i] < 0 || probs[i] > 1) {
                throw new IllegalArgumentException("probability outside [0, 1]: " + probs[i]);
            }
            double h = (sorted.length - 1) * probs[i];
            int lo = (int) Math.floor(h);
            int hi = Math.min(lo + 1, sorted.length - 1);
            out[i] = sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
        }
        return out;
    }
}
