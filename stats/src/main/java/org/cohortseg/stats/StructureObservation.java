package org.cohortseg.stats;

import java.util.Map;

/**
 * One structure of one scan, as the measurements table holds it.
 *
 * @param scanId scan
 * @param structure structure name
 * @param category organ / bone / muscle / vessel
 * @param age age in years
 * @param male sex
 * @param volumeMl volume, null when absent or incomplete
 * @param meanHu mean attenuation, null when absent or incomplete
 * @param covariates categorical covariates of the scan (e.g. scanner)
 */
public record StructureObservation(String scanId, String structure, String category, double age, boolean male,
                                   Double volumeMl, Double meanHu, Map<String, String> covariates) {

    public StructureObservation {
        covariates = Map.copyOf(covariates);
    }

    /** The value of a measure, null when absent or incomplete. */
    public Double value(Measure measure) {
        return switch (measure) {
            case VOLUME_ML -> volumeMl;
            case MEAN_HU -> meanHu;
        };
    }
}
