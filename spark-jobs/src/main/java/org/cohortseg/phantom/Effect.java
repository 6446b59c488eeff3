package org.cohortseg.phantom;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cohortseg.stats.Measure;

/**
 * The generating function of one structure's measure (volume in ml or mean HU):
 * {@code intercept + male * maleShift + age(age) + law(noise)}, where {@code noise ~ N(0, sd^2)}
 * is the sum of an own part and, for structures of one {@code noiseGroup} (e.g. the lumbar
 * vertebrae), a part shared by the subject, and {@code law} keeps it normal or skews it. Volumes
 * are clamped below at {@code MIN_VOLUME_FRACTION * intercept} and then scaled by the subject's
 * height, {@code (height / reference)^heightExponent}. With a {@code longitudinal} term the
 * within-person change over the years since a subject's first scan has its own slope; without, a
 * subject moves along the age curve.
 *
 * <p>{@link #quantile} and {@link #cdf} give the planted distribution at one age for a subject of
 * the reference height, on scanner A without contrast; {@link PlantedDistribution} averages them
 * over the population's heights and accelerated subjects.
 *
 * @param structure TotalSegmentator v2 name
 * @param measure the measure generated
 * @param intercept value for a woman aged 18 without noise
 * @param maleShift added for men
 * @param age age term
 * @param ownSd standard deviation of the structure's own noise
 * @param noiseGroup name of a shared noise term, or null
 * @param groupSd standard deviation of the shared term (0 without a group)
 * @param law the law of the deviation from the age curve
 * @param heightExponent allometric exponent of a volume (0: no height scaling)
 * @param longitudinal within-person change differing from the age curve, or null
 */
public record Effect(String structure, Measure measure, double intercept, double maleShift, AgeFunction age,
                     double ownSd, String noiseGroup, double groupSd, NoiseLaw law, double heightExponent,
                     Longitudinal longitudinal) {
    /** Volumes never fall below this fraction of their intercept (before height scaling). */
    public static final double MIN_VOLUME_FRACTION = 0.25;

    /** A normal effect without height scaling or a within-person slope of its own. */
    public static Effect of(String structure, Measure measure, double intercept, double maleShift, AgeFunction age,
                            double ownSd, String noiseGroup, double groupSd) {
        return new Effect(structure, measure, intercept, maleShift, age, ownSd, noiseGroup, groupSd,
                new NoiseLaw.Normal(), 0, null);
    }

    /** This effect with another noise law. */
    public Effect withLaw(NoiseLaw other) {
        return new Effect(structure, measure, intercept, maleShift, age, ownSd, noiseGroup, groupSd, other,
                heightExponent, longitudinal);
    }

    /** This effect with an allometric height exponent. */
    public Effect withHeightExponent(double exponent) {
        return new Effect(structure, measure, intercept, maleShift, age, ownSd, noiseGroup, groupSd, law, exponent,
                longitudinal);
    }

    /** This effect with a within-person slope of its own. */
    public Effect withLongitudinal(Longitudinal within) {
        return new Effect(structure, measure, intercept, maleShift, age, ownSd, noiseGroup, groupSd, law,
                heightExponent, within);
    }

    /** "structure/measure": the key of this effect in per-effect maps. */
    public String key() {
        return structure + "/" + measure.column();
    }

    /** The measure without noise (the median of its law). */
    public double expected(double ageYears, boolean male) {
        return intercept + (male ? maleShift : 0) + age.at(ageYears);
    }

    /**
     * The noise-free value at a visit {@code years} after the first scan, for a subject of
     * biological baseline age {@code baselineAge} whose own within-person slope is {@code slope}
     * (used only with a {@link #longitudinal} term).
     */
    public double center(double baselineAge, boolean male, double years, double slope) {
        return longitudinal == null ? expected(baselineAge + years, male) : expected(baselineAge, male) + slope * years;
    }

    /** The deviation from the center for a normal draw {@code noise} of standard deviation {@link #totalSd()}. */
    public double deviation(double noise) {
        return law.deviation(noise, totalSd());
    }

    /** A volume's lower clamp applied to {@code value}; other measures unchanged. */
    public double clamped(double value) {
        return measure == Measure.VOLUME_ML ? Math.max(value, MIN_VOLUME_FRACTION * intercept) : value;
    }

    /** Total noise standard deviation (the law's scale). */
    public double totalSd() {
        return Math.sqrt(ownSd * ownSd + groupSd * groupSd);
    }

    /**
     * The planted p-quantile at {@code ageYears} for a subject of the reference height (factor 1),
     * scanner A (no offset, scale 1), without contrast, whose age term is not accelerated.
     */
    public double quantile(double ageYears, boolean male, double p) {
        return clamped(expected(ageYears, male) + law.quantile(p, totalSd()));
    }

    /** P(measure <= value) under the same conditions as {@link #quantile}. */
    public double cdf(double ageYears, boolean male, double value) {
        if (measure == Measure.VOLUME_ML && value < MIN_VOLUME_FRACTION * intercept) {
            return 0;
        }
        return law.cdf(value - expected(ageYears, male), totalSd());
    }

    /** The definition, for truth.json. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("structure", structure);
        m.put("measure", measure.column());
        m.put("kind", age instanceof AgeFunction.None ? "null" : age instanceof AgeFunction.Linear ? "linear" : "nonlinear");
        m.put("formula", "intercept + male_shift * male + age_term(age) + law(noise), noise ~ N(0, noise_sd^2)"
                + (measure == Measure.VOLUME_ML ? ", clamped below at " + MIN_VOLUME_FRACTION + " * intercept, "
                + "times (height_cm / reference_height_cm)^height_exponent" : ""));
        m.put("intercept", intercept);
        m.put("male_shift", maleShift);
        m.put("age_term", age.describe());
        m.put("noise_sd", totalSd());
        if (noiseGroup != null) {
            m.put("noise_shared_by_group", noiseGroup);
            m.put("noise_sd_shared", groupSd);
            m.put("noise_sd_own", ownSd);
        }
        m.put("law", law.describe());
        if (measure == Measure.VOLUME_ML) {
            m.put("height_exponent", heightExponent);
        }
        if (longitudinal != null) {
            m.put("longitudinal", longitudinal.describe());
        }
        return m;
    }
}
