package org.cohortseg.phantom;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Labelling errors planted in the ground truth: in each block of {@code blockScans} consecutive
 * scans, one scan, at a random position among the block's first {@code windowScans}, has the label
 * ids of two adjacent vertebrae of {@code column} swapped in its label image (the CT is
 * unchanged). A cohort of at least {@code windowScans} scans thus holds one.
 *
 * @param blockScans scans per block (0: no swaps)
 * @param windowScans the swapped scan lies among the first this many of its block
 * @param column vertebrae in anatomical order; a swap exchanges two neighbours
 */
public record LabelSwaps(int blockScans, int windowScans, List<String> column) {

    /** One scan in 200 (0.5 %), one among the first 40, an adjacent pair of L1-L5. */
    public static final LabelSwaps STANDARD = new LabelSwaps(200, 40,
            List.of("vertebrae_L5", "vertebrae_L4", "vertebrae_L3", "vertebrae_L2", "vertebrae_L1"));
    /** No labelling errors. */
    public static final LabelSwaps NONE = new LabelSwaps(0, 0, List.of());

    public LabelSwaps {
        column = List.copyOf(column);
    }

    /** Two structures whose label ids are exchanged in one scan's label image. */
    public record Swap(String first, String second) {
        /** The structure whose id {@code structure}'s voxels carry. */
        public String labelOf(String structure) {
            return structure.equals(first) ? second : structure.equals(second) ? first : structure;
        }

        /** The structure {@code structure} is swapped with, or null. */
        public String partnerOf(String structure) {
            return structure.equals(first) || structure.equals(second) ? labelOf(structure) : null;
        }
    }

    /** Whether any scan is swapped. */
    public boolean any() {
        return blockScans > 0;
    }

    /**
     * The swap of scan {@code indexInBlock} of a block whose draws come from {@code blockRng}, or
     * null when that scan is labelled correctly.
     */
    public Swap at(int indexInBlock, SplittableRandom blockRng) {
        int swapped = blockRng.nextInt(windowScans);
        int pair = blockRng.nextInt(column.size() - 1);
        return indexInBlock == swapped ? new Swap(column.get(pair), column.get(pair + 1)) : null;
    }

    /** The definition, for truth.json (the swapped scans are listed separately). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", "one scan per block of block_scans consecutive scans, at a uniform position among the "
                + "block's first window_scans; an adjacent pair of the column, uniform; ground-truth label ids "
                + "swapped, CT unchanged");
        m.put("block_scans", blockScans);
        m.put("window_scans", windowScans);
        m.put("column", column);
        return m;
    }
}
