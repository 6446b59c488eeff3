package org.cohortseg.stats;

import java.util.Arrays;
import java.util.Comparator;

/** Corrections for a family of tests, as R's {@code p.adjust}. */
public final class MultipleTesting {
    private MultipleTesting() {
    }

    /** Bonferroni: {@code min(1, p * m)}. */
    public static double[] bonferroni(double[] p) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Math.min(1, p[i] * p.length);
        }
        return out;
    }

    /** Benjamini-Hochberg false discovery rate q-values (step-up, cumulative minimum from the largest p). */
    public static double[] benjaminiHochberg(double[] p) {
        int m = p.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> p[i]).reversed());
        double[] q = new double[m];
        double running = 1;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            int ascendingRank = m - rank;
            running = Math.min(running, p[i] * m / ascendingRank);
            q[i] = Math.min(1, running);
        }
        return q;
    }
}
