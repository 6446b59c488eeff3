package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@link QcFlag#VERTEBRA_ORDER}: among a scan's present vertebrae (incomplete ones included), the
 * centroid z must increase strictly along {@link SpineChain}. An inversion is attributed to few
 * labels, in two steps over the present vertebrae:
 * <ol>
 * <li>the swap explanation: the labels that sorting the vertebrae by z would change (rank by z
 * differs from rank in the chain) and that lie outside at least one longest strictly increasing
 * subsequence of z along the chain. If the others are then in strict order, these are flagged.
 * Two swapped labels, adjacent or not, are exactly the two flagged; one label moved two or more
 * places is flagged alone (sorting would relabel the ones it skipped, but they lie on every
 * longest subsequence).</li>
 * <li>otherwise (several tangled errors) every label outside at least one longest increasing
 * subsequence: the labels on all of them are in order with each other, so the rest is in order.</li>
 * </ol>
 * Every flagged label is out of order with at least one other present vertebra, named in the
 * detail. Exact ties in z count as inversions.
 */
final class VertebraOrder {
    private VertebraOrder() {
    }

    /** The findings of one scan. */
    static List<QcFinding> find(QcInput scan) {
        List<QcInput.Structure> present = SpineChain.of(scan).stream().filter(s -> s != null && !s.absent()).toList();
        double[] z = present.stream().mapToDouble(QcInput.Structure::centroidZMm).toArray();
        boolean[] blamed = blamed(z);
        List<QcFinding> out = new ArrayList<>();
        for (int i = 0; i < z.length; i++) {
            if (blamed[i]) {
                out.add(new QcFinding(scan.scanId(), present.get(i).name(), QcFlag.VERTEBRA_ORDER,
                        detail(present, z, i)));
            }
        }
        return out;
    }

    /** Whether each vertebra (z in chain order) is flagged: the swap explanation, else the longest-subsequence one. */
    static boolean[] blamed(double[] z) {
        boolean[] outside = outsideSomeLongestIncreasing(z);
        int[] rank = rankByZ(z);
        boolean[] swapped = new boolean[z.length];
        double last = Double.NEGATIVE_INFINITY;
        boolean restInOrder = true;
        for (int i = 0; i < z.length; i++) {
            swapped[i] = outside[i] && rank[i] != i;
            if (!swapped[i]) {
                restInOrder &= z[i] > last;
                last = z[i];
            }
        }
        return restInOrder ? swapped : outside;
    }

    /** The rank of each element by z (ties by position). */
    private static int[] rankByZ(double[] z) {
        Integer[] order = new Integer[z.length];
        for (int i = 0; i < z.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> z[i]));
        int[] rank = new int[z.length];
        for (int r = 0; r < z.length; r++) {
            rank[order[r]] = r;
        }
        return rank;
    }

    /**
     * Whether each element lies outside at least one longest strictly increasing subsequence. With
     * {@code f[i]} the longest such subsequence ending at i and {@code g[i]} the longest starting
     * there, i lies on some longest one iff {@code f[i] + g[i] - 1} is the maximum, and on all of
     * them iff it is the only such element with its {@code f[i]} (every longest subsequence takes
     * one element of each level).
     */
    private static boolean[] outsideSomeLongestIncreasing(double[] z) {
        int n = z.length;
        int[] f = new int[n];
        int[] g = new int[n];
        int longest = 0;
        for (int i = 0; i < n; i++) {
            f[i] = 1;
            for (int j = 0; j < i; j++) {
                if (z[j] < z[i]) {
                    f[i] = Math.max(f[i], f[j] + 1);
                }
            }
            longest = Math.max(longest, f[i]);
        }
        for (int i = n - 1; i >= 0; i--) {
            g[i] = 1;
            for (int j = i + 1; j < n; j++) {
                if (z[j] > z[i]) {
                    g[i] = Math.max(g[i], g[j] + 1);
                }
            }
        }
        int[] onLongestAtLevel = new int[longest + 1];
        for (int i = 0; i < n; i++) {
            if (f[i] + g[i] - 1 == longest) {
                onLongestAtLevel[f[i]]++;
            }
        }
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = f[i] + g[i] - 1 < longest || onLongestAtLevel[f[i]] > 1;
        }
        return out;
    }

    private static String detail(List<QcInput.Structure> present, double[] z, int i) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "centroid z = %.1f mm", z[i]));
        for (int j = 0; j < z.length; j++) {
            boolean notAbove = j < i && z[j] >= z[i];
            boolean notBelow = j > i && z[j] <= z[i];
            if (notAbove || notBelow) {
                s.append(String.format(Locale.ROOT, ", not %s %s (%.1f mm)", notAbove ? "above" : "below",
                        present.get(j).name(), z[j]));
            }
        }
        return s.toString();
    }
}
