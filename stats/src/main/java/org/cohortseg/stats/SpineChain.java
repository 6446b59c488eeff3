package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The vertebrae of TotalSegmentator v2 from caudal to cranial: S1, L5 ... L1, T12 ... T1, C7 ... C1.
 * In RAS world coordinates their centroids' z increases strictly along this chain. The sacrum
 * (S2-S5, a separate label) is not part of it.
 */
final class SpineChain {
    /** Vertebra names, caudal first. */
    static final List<String> CAUDAL_TO_CRANIAL = build();

    private SpineChain() {
    }

    /** Position of a vertebra in the chain (0 = S1), or -1 for any other structure. */
    static int position(String structure) {
        return CAUDAL_TO_CRANIAL.indexOf(structure);
    }

    /** The scan's structures that are vertebrae, in chain order, with null where the scan has no row. */
    static List<QcInput.Structure> of(QcInput scan) {
        List<QcInput.Structure> out = new ArrayList<>();
        CAUDAL_TO_CRANIAL.forEach(name -> out.add(scan.structure(name)));
        return out;
    }

    private static List<String> build() {
        List<String> names = new ArrayList<>();
        names.add("vertebrae_S1");
        addRegion(names, 'L', 5);
        addRegion(names, 'T', 12);
        addRegion(names, 'C', 7);
        return List.copyOf(names);
    }

    private static void addRegion(List<String> names, char region, int count) {
        for (int i = count; i >= 1; i--) {
            names.add(String.format(Locale.ROOT, "vertebrae_%c%d", region, i));
        }
    }
}
