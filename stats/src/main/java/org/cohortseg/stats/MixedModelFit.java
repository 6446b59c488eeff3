package org.cohortseg.stats;

import java.util.List;

/**
 * A REML fit of {@code y ~ fixed terms + (1 + slope | subject)}, as R's {@code summary(lmerTest::lmer(...))}
 * reports it. Fixed-effect arrays are in term order, intercept first.
 *
 * @param terms fixed-effect names ("(Intercept)", then the predictors)
 * @param estimates fixed-effect estimates
 * @param standardErrors their standard errors
 * @param t t values
 * @param df Satterthwaite degrees of freedom
 * @param p two-sided p-values (t with df degrees of freedom)
 * @param interceptSd random-intercept standard deviation
 * @param slopeSd random-slope standard deviation
 * @param correlation correlation of random intercept and slope; null where either SD is zero (R: NaN)
 * @param residualSd residual standard deviation
 * @param remlCriterion REML criterion at convergence (-2 log restricted likelihood)
 * @param subjects number of subjects (levels of the grouping factor)
 * @param observations number of observations
 * @param singular a boundary fit: a relative SD factor (lme4's theta with lower bound 0) below 1e-4,
 *     as {@code lme4::isSingular}
 */
public record MixedModelFit(List<String> terms, double[] estimates, double[] standardErrors, double[] t, double[] df,
                            double[] p, double interceptSd, double slopeSd, Double correlation, double residualSd,
                            double remlCriterion, int subjects, int observations, boolean singular) {

    public MixedModelFit {
        terms = List.copyOf(terms);
        estimates = estimates.clone();
        standardErrors = standardErrors.clone();
        t = t.clone();
        df = df.clone();
        p = p.clone();
    }

    @Override public double[] estimates() { return estimates.clone(); }
    @Override public double[] standardErrors() { return standardErrors.clone(); }
    @Override public double[] t() { return t.clone(); }
    @Override public double[] df() { return df.clone(); }
    @Override public double[] p() { return p.clone(); }
}
