package org.cohortseg.phantom;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Height and weight of a subject, independent of age: height normal by sex, weight from a
 * log-normal body-mass index (so heavier with height), both rounded to 0.1 as a manifest holds
 * them. Organ volumes scale allometrically with height, {@code (height / referenceCm)^b} with the
 * structure's exponent {@code b} ({@link Effect#heightExponent()}).
 *
 * @param maleMeanCm mean height of men
 * @param maleSdCm standard deviation of men's heights
 * @param femaleMeanCm mean height of women
 * @param femaleSdCm standard deviation of women's heights
 * @param maleBmiMedian median body-mass index of men (kg/m^2)
 * @param femaleBmiMedian median body-mass index of women
 * @param bmiLogSd standard deviation of log body-mass index
 * @param referenceCm height at which the allometric factor is 1
 */
public record BodySize(double maleMeanCm, double maleSdCm, double femaleMeanCm, double femaleSdCm, double maleBmiMedian,
                       double femaleBmiMedian, double bmiLogSd, double referenceCm) {

    /** Adult heights and weights of a European population. */
    public static final BodySize STANDARD = new BodySize(176, 7, 163, 6.5, 26.5, 25.5, 0.16, 170);

    /** Mean height for a sex (cm). */
    public double meanCm(boolean male) {
        return male ? maleMeanCm : femaleMeanCm;
    }

    /** Standard deviation of height for a sex (cm). */
    public double sdCm(boolean male) {
        return male ? maleSdCm : femaleSdCm;
    }

    /** The height (cm, 0.1 cm steps) for a standard-normal draw {@code z}. */
    public double heightCm(boolean male, double z) {
        return tenths(meanCm(male) + sdCm(male) * z);
    }

    /** The weight (kg, 0.1 kg steps) of a subject of {@code heightCm} for a standard-normal draw {@code z}. */
    public double weightKg(boolean male, double heightCm, double z) {
        double bmi = (male ? maleBmiMedian : femaleBmiMedian) * Math.exp(bmiLogSd * z);
        return tenths(bmi * heightCm * heightCm / 10000);
    }

    /** The allometric volume factor {@code (heightCm / referenceCm)^exponent}; exactly 1 for exponent 0. */
    public double volumeFactor(double heightCm, double exponent) {
        return exponent == 0 ? 1 : Math.pow(heightCm / referenceCm, exponent);
    }

    private static double tenths(double v) {
        return Math.rint(v * 10) / 10;
    }

    /** The definition, for truth.json. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("height_cm", "normal by sex, rounded to 0.1 cm, independent of age");
        m.put("height_mean_cm", sexes(maleMeanCm, femaleMeanCm));
        m.put("height_sd_cm", sexes(maleSdCm, femaleSdCm));
        m.put("weight_kg", "bmi * (height_cm / 100)^2 rounded to 0.1 kg, "
                + "bmi = bmi_median * exp(bmi_log_sd * z), z ~ N(0, 1)");
        m.put("bmi_median", sexes(maleBmiMedian, femaleBmiMedian));
        m.put("bmi_log_sd", bmiLogSd);
        m.put("allometry", "volume * (height_cm / reference_height_cm)^height_exponent (per structure, see effects)");
        m.put("reference_height_cm", referenceCm);
        return m;
    }

    private static Map<String, Object> sexes(double male, double female) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("M", male);
        m.put("F", female);
        return m;
    }
}
