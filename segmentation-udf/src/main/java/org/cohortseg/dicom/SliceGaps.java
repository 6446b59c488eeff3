package org.cohortseg.dicom;

import java.util.Arrays;

/**
 * The gaps between consecutive slices of a series, sorted by position along the slice normal, and
 * the first thing wrong with them. A gap is uniform within {@link #UNIFORM_STEP} of the median gap,
 * which a missing or duplicate slice does not move.
 *
 * @param typical the median gap (mm)
 * @param min the smallest gap
 * @param max the largest gap
 * @param problem the first problem, or null when the spacing is uniform
 * @param problemAt the gap it is in: between slice {@code problemAt} and the next
 */
public record SliceGaps(double typical, double min, double max, Problem problem, int problemAt) {
    /** Relative deviation of a gap from the typical gap that is still uniform. */
    public static final double UNIFORM_STEP = 0.01;

    /** What is wrong with a gap. */
    public enum Problem {
        DUPLICATE("duplicate slice position"),
        MISSING("missing slice"),
        NON_UNIFORM("non-uniform slice spacing");

        private final String text;

        Problem(String text) {
            this.text = text;
        }

        /** How a reason names it. */
        public String text() {
            return text;
        }
    }

    /** The gaps of positions {@code along} the normal, sorted ascending (at least two). */
    public static SliceGaps of(double[] along) {
        double[] gaps = new double[along.length - 1];
        for (int k = 1; k < along.length; k++) {
            gaps[k - 1] = along[k] - along[k - 1];
        }
        double[] sorted = gaps.clone();
        Arrays.sort(sorted);
        double typical = sorted[sorted.length / 2];
        for (int k = 0; k < gaps.length; k++) {
            double d = gaps[k];
            if (d < UNIFORM_STEP * typical) {
                return new SliceGaps(typical, sorted[0], sorted[sorted.length - 1], Problem.DUPLICATE, k);
            }
            if (Math.abs(d - typical) > UNIFORM_STEP * typical) {
                Problem p = d > 1.5 * typical ? Problem.MISSING : Problem.NON_UNIFORM;
                return new SliceGaps(typical, sorted[0], sorted[sorted.length - 1], p, k);
            }
        }
        return new SliceGaps(typical, sorted[0], sorted[sorted.length - 1], null, -1);
    }

    /** The gap a problem is in. */
    public double gapAt(double[] along) {
        return along[problemAt + 1] - along[problemAt];
    }
}
