package org.cohortseg.phantom;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scanner of the phantom cohort: a batch effect on attenuation, independent of age. It adds
 * {@code huOffset} to every tissue (location) and multiplies each subject's deviation of a
 * structure's mean HU from its expected value by {@code noiseScale} (scale), as ComBat's
 * {@code gamma} and {@code delta} model a batch.
 *
 * @param name manifest value
 * @param probability share of scans
 * @param huOffset HU added to every tissue
 * @param noiseScale factor on the subject's HU deviations (persistent and visit parts)
 */
public record Scanner(String name, double probability, double huOffset, double noiseScale) {

    /** The definition, for truth.json. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("probability", probability);
        m.put("hu_offset", huOffset);
        m.put("noise_scale", noiseScale);
        return m;
    }
}
