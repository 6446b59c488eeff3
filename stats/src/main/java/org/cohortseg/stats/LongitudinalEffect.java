package org.cohortseg.stats;

/**
 * How one measure of one structure changes with age within persons and across persons, from the
 * mixed model {@code value ~ baseline_age + years_since_baseline + sex + (1 + years_since_baseline | subject)}
 * (see {@link LongitudinalEffects}). Undefined fits are null with a reason.
 *
 * @param structure structure name
 * @param measure the measure
 * @param subjects persons with at least one scan
 * @param scans scans
 * @param slopes the fitted effects
 */
public record LongitudinalEffect(String structure, Measure measure, int subjects, int scans, Estimate<Slopes> slopes) {

    /**
     * The fixed effects (Satterthwaite t-tests, as lmerTest) and the random-effect SDs.
     *
     * @param crossSectional effect of baseline age, per year (differences between persons)
     * @param withinPerson effect of years since baseline, per year (change within a person)
     * @param male male minus female
     * @param difference within-person minus cross-sectional slope (a Wald t-test with the fixed-effect covariance)
     * @param interceptSd SD of the persons' levels
     * @param slopeSd SD of the persons' within-person slopes
     * @param correlation correlation of level and slope; null where an SD is zero
     * @param residualSd residual SD
     * @param singular a boundary fit (lme4's isSingular)
     */
    public record Slopes(Contrast crossSectional, Contrast withinPerson, Contrast male, Contrast difference,
                         double interceptSd, double slopeSd, Double correlation, double residualSd, boolean singular) {
    }
}
