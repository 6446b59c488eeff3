package org.cohortseg.jobs;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Assigns scans to partitions so that partitions carry similar input sizes: largest scan first,
 * each to the partition with the least bytes so far (longest-processing-time rule). Deterministic:
 * ties break on scan_id and partition index.
 */
public final class SizeBalancer {
    private SizeBalancer() {
    }

    /** The partition of every task, in task order. */
    public static int[] assign(List<ScanTask> tasks, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive: " + partitions);
        }
        Integer[] order = new Integer[tasks.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.<Integer>comparingLong(i -> -Math.max(tasks.get(i).sizeBytes(), 0))
                .thenComparing(i -> tasks.get(i).scanId()));
        PriorityQueue<long[]> load = new PriorityQueue<>(Comparator.<long[]>comparingLong(p -> p[0])
                .thenComparingLong(p -> p[1]));
        for (int p = 0; p < partitions; p++) {
            load.add(new long[] {0, p});
        }
        int[] assignment = new int[tasks.size()];
        for (int i : order) {
            long[] least = load.poll();
            assignment[i] = (int) least[1];
            least[0] += Math.max(tasks.get(i).sizeBytes(), 1);
            load.add(least);
        }
        return assignment;
    }
}
