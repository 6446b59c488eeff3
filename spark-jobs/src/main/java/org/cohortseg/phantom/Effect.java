package org.cohortseg.phantom;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cohortseg.stats.Measure;

/**
 * The generating function of one structure's measure (volume in ml or mean HU):
 * {@code intercept + male * maleShift + age(age) + N(0, sd)}, where the normal term is the sum of
 * an own part and, for structures of one {@code noiseGroup} (e.g. the lumbar vertebrae), a part
 * shared by the subject. Volumes are clamped below at {@code minFraction * intercept}.
 *
 * @param structure TotalSegmentator v2 name
 * @param measure the measure generated
 * @param intercept value for a woman aged 18 without noise
 * @param maleShift added for men
 * @param age age term
 * @param ownSd standard deviation of the structure's own noise
 * @param noiseGroup name of a shared noise term, or null
 * @param groupSd standard deviation of the shared term (0 without a group)
 */
public record Effect(String structure, Measure measure, double intercept, double maleShift, AgeFunction age,
                     double ownSd, String noiseGroup, double groupSd) {
    /** Volumes never fall below this fraction of their intercept. */
    public static final double MIN_VOLUME_FRACTION = 0.25;

    /** The measure without noise. */
    public double expected(double ageYears, boolean male) {
        return intercept + (male ? maleShift : 0) + age.at(ageYears);
    }

    /** The measure for one subject, given its standard-normal draws for the own and group terms. */
    public double sample(double ageYears, boolean male, double ownZ, double groupZ) {
        double v = expected(ageYears, male) + ownSd * ownZ + groupSd * groupZ;
        return measure == Measure.VOLUME_ML ? Math.max(v, MIN_VOLUME_FRACTION * intercept) : v;
    }

    /** Total noise standard deviation. */
    public double totalSd() {
        return Math.sqrt(ownSd * ownSd + groupSd * groupSd);
    }

    /** The definition, for truth.json. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("structure", structure);
        m.put("measure", measure.column());
        m.put("kind", age instanceof AgeFunction.None ? "null" : age instanceof AgeFunction.Linear ? "linear" : "nonlinear");
        m.put("formula", "intercept + male_shift * male + age_term(age) + N(0, noise_sd)"
                + (measure == Measure.VOLUME_ML ? ", clamped below at " + MIN_VOLUME_FRACTION + " * intercept" : ""));
        m.put("intercept", intercept);
        m.put("male_shift", maleShift);
        m.put("age_term", age.describe());
        m.put("noise_sd", totalSd());
        if (noiseGroup != null) {
            m.put("noise_shared_by_group", noiseGroup);
            m.put("noise_sd_shared", groupSd);
            m.put("noise_sd_own", ownSd);
        }
        return m;
    }
}
