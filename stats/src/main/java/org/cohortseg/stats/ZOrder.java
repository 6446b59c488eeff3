package org.cohortseg.stats;

import java.util.stream.IntStream;

/**
 * How structures lie along z relative to each other over a cohort: for every two structures, the
 * scans where both are present and how many of those put the first one higher. World z is not
 * comparable between scans (table positions differ); the order within a scan is.
 */
final class ZOrder {
    /** both[a][b]: scans with a and b present. */
    private final int[][] both;
    /** higher[a][b]: scans with a's centroid above b's. */
    private final int[][] higher;

    /** Counts the order of every two structures of the grid. */
    ZOrder(StructureGrid grid) {
        int m = grid.names().size();
        both = new int[m][m];
        higher = new int[m][m];
        int[] present = new int[m];
        double[] z = new double[m];
        for (int scan = 0; scan < grid.scans().size(); scan++) {
            int n = 0;
            for (int s = 0; s < m; s++) {
                if (grid.present(scan, s)) {
                    present[n] = s;
                    z[n++] = grid.cell(scan, s).centroidZMm();
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    both[present[i]][present[j]]++;
                    higher[present[i]][present[j]] += z[i] > z[j] ? 1 : 0;
                    higher[present[j]][present[i]] += z[j] > z[i] ? 1 : 0;
                }
            }
        }
    }

    /** The structures whose centroid lies above {@code s}'s in at least {@code share} of >= minScans scans. */
    int[] above(int s, double share, int minScans) {
        return IntStream.range(0, both.length).filter(o -> o != s && reliably(o, s, share, minScans)).toArray();
    }

    /** The structures whose centroid lies below {@code s}'s in at least {@code share} of >= minScans scans. */
    int[] below(int s, double share, int minScans) {
        return IntStream.range(0, both.length).filter(o -> o != s && reliably(s, o, share, minScans)).toArray();
    }

    /** Whether a lies above b in at least {@code share} of >= minScans scans with both present. */
    private boolean reliably(int a, int b, double share, int minScans) {
        int n = both[Math.min(a, b)][Math.max(a, b)];
        return n >= minScans && higher[a][b] >= share * n;
    }
}
