package org.cohortseg.measure;

/**
 * Exact counts of int16 HU values for one structure: a dense array over the CT range [-1024, 3071]
 * (16 KiB, so that the histograms of a hundred structures stay in cache while a scan is counted)
 * and the whole int16 range, allocated only when a value falls outside it.
 */
final class HuHistogram {
    /** Offset of HU value v in a histogram of the whole int16 range. */
    static final int FULL_OFFSET = 32768;
    private static final int LOW = -1024;
    private static final int BINS = 4096;
    private final int[] common = new int[BINS];
    private int[] outside;

    void add(short hu) {
        int bin = hu - LOW;
        if (bin >= 0 && bin < BINS) {
            common[bin]++;
        } else {
            if (outside == null) {
                outside = new int[1 << 16];
            }
            outside[hu + FULL_OFFSET]++;
        }
    }

    /** Adds the counts of {@code other}. */
    void addAll(HuHistogram other) {
        for (int b = 0; b < BINS; b++) {
            common[b] += other.common[b];
        }
        if (other.outside != null) {
            if (outside == null) {
                outside = other.outside.clone();
            } else {
                for (int b = 0; b < outside.length; b++) {
                    outside[b] += other.outside[b];
                }
            }
        }
    }

    /** The counts over the whole int16 range: index {@code v + FULL_OFFSET} holds the count of HU v. */
    int[] full() {
        int[] all = outside != null ? outside.clone() : new int[1 << 16];
        System.arraycopy(common, 0, all, LOW + FULL_OFFSET, BINS);
        return all;
    }
}
