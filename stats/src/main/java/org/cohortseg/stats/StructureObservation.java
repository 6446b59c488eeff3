package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One structure of one scan, as the measurements table holds it.
 *
 * @param scan the scan and its subject
 * @param structure structure name
 * @param category organ / bone / muscle / vessel
 * @param volumeMl volume, null when absent or incomplete
 * @param meanHu mean attenuation, null when absent or incomplete
 * @param centroidZMm centroid along the world z axis (RAS: towards the head), null when absent
 * @param nullReason {@code absent} or {@code incomplete} when the measures are null, else null
 */
public record StructureObservation(ScanInfo scan, String structure, String category, Double volumeMl, Double meanHu,
                                   Double centroidZMm, String nullReason) {

    /** The value of a measure, null when absent or incomplete. */
    public Double value(Measure measure) {
        return switch (measure) {
            case VOLUME_ML -> volumeMl;
            case MEAN_HU -> meanHu;
        };
    }

    /** Observations grouped by structure, in order of first appearance (each group in the given order). */
    public static Map<String, List<StructureObservation>> byStructure(List<StructureObservation> observations) {
        Map<String, List<StructureObservation>> out = new LinkedHashMap<>();
        observations.forEach(o -> out.computeIfAbsent(o.structure(), k -> new ArrayList<>()).add(o));
        return out;
    }

    public String scanId() {
        return scan.scanId();
    }

    public double age() {
        return scan.age();
    }

    public boolean male() {
        return scan.male();
    }

    public Map<String, String> covariates() {
        return scan.covariates();
    }
}
