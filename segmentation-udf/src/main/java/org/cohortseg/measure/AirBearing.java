package org.cohortseg.measure;

import java.util.Set;

/** Structures that hold air in life (airways, lungs, the gut), where a high share of air is anatomy, not an error. */
final class AirBearing {
    private static final Set<String> NAMES = Set.of("trachea", "esophagus", "stomach", "duodenum", "small_bowel", "colon");

    private AirBearing() {
    }

    static boolean holdsAir(String structure) {
        return structure.startsWith("lung_") || NAMES.contains(structure);
    }
}
