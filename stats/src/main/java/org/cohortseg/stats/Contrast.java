package org.cohortseg.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * A t-test of a linear combination of fixed effects of a mixed model, as lmerTest's
 * {@code contest(model, L, joint = FALSE)} (Satterthwaite) reports it; a single coefficient is the row
 * of {@code summary(model)$coefficients}.
 *
 * @param estimate the combination's estimate
 * @param standardError its standard error
 * @param t estimate / standard error
 * @param df Satterthwaite degrees of freedom (infinite where the variance does not depend on the
 *     variance parameters; p is then normal)
 * @param p two-sided p-value from t with df degrees of freedom
 */
public record Contrast(double estimate, double standardError, double t, double df, double p) {

    /** The test of an estimate with its standard error and degrees of freedom. */
    static Contrast of(double estimate, double standardError, double df) {
        double t = estimate / standardError;
        double tail = Double.isFinite(df) ? new TDistribution(null, df).cumulativeProbability(-Math.abs(t))
                : new NormalDistribution(null, 0, 1).cumulativeProbability(-Math.abs(t));
        return new Contrast(estimate, standardError, t, df, 2 * tail);
    }
}
