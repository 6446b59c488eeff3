package org.cohortseg.measure;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The paper's four structure groups. Vessels and muscles are named explicitly; bones are the
 * vertebrae, ribs, sacrum and the long and flat bones; everything else (including heart parts,
 * brain, face and lung lobes) is an organ. Matches the paper's split of 27 organs, 59 bones,
 * 10 muscles and 8 vessels for the v1 label map.
 */
public enum StructureCategory {
    ORGAN, BONE, MUSCLE, VESSEL;

    private static final Set<String> VESSELS = Set.of("aorta", "inferior_vena_cava", "portal_vein_and_splenic_vein",
            "pulmonary_artery", "iliac_artery_left", "iliac_artery_right", "iliac_vena_left", "iliac_vena_right");
    private static final Set<String> MUSCLE_PREFIXES = Set.of("gluteus_maximus", "gluteus_medius", "gluteus_minimus",
            "autochthon", "iliopsoas");
    private static final Set<String> BONE_PREFIXES = Set.of("vertebrae_", "rib_", "humerus", "scapula", "clavicula",
            "femur", "hip_", "sacrum");

    /** The category of a structure name. */
    public static StructureCategory of(String structure) {
        if (VESSELS.contains(structure)) {
            return VESSEL;
        }
        if (MUSCLE_PREFIXES.stream().anyMatch(structure::startsWith)) {
            return MUSCLE;
        }
        if (BONE_PREFIXES.stream().anyMatch(structure::startsWith)) {
            return BONE;
        }
        return ORGAN;
    }

    /** Lower-case name, as stored in tables. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The category a table stores as {@code label}; empty for a label that is none of them. */
    public static Optional<StructureCategory> ofLabel(String label) {
        return Arrays.stream(values()).filter(c -> c.label().equals(label)).findFirst();
    }
}
