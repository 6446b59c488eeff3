package org.cohortseg.stats;

import java.util.List;

/**
 * An ordinary least-squares fit with intercept, as R's {@code summary(lm(...))} and
 * {@code confint} report it. Arrays are in term order: intercept first, then the predictors.
 *
 * @param terms term names ("(Intercept)", then the predictors)
 * @param coefficients estimates
 * @param standardErrors their standard errors
 * @param t t statistics
 * @param p two-sided p-values (t distribution, n - k degrees of freedom)
 * @param ciLow lower 95 % confidence bounds
 * @param ciHigh upper 95 % confidence bounds
 * @param rSquared coefficient of determination
 * @param residualDf residual degrees of freedom
 */
public record LinearFit(List<String> terms, double[] coefficients, double[] standardErrors, double[] t, double[] p,
                        double[] ciLow, double[] ciHigh, double rSquared, int residualDf) {

    public LinearFit {
        terms = List.copyOf(terms);
        coefficients = coefficients.clone();
        standardErrors = standardErrors.clone();
        t = t.clone();
        p = p.clone();
        ciLow = ciLow.clone();
        ciHigh = ciHigh.clone();
    }

    @Override public double[] coefficients() { return coefficients.clone(); }
    @Override public double[] standardErrors() { return standardErrors.clone(); }
    @Override public double[] t() { return t.clone(); }
    @Override public double[] p() { return p.clone(); }
    @Override public double[] ciLow() { return ciLow.clone(); }
    @Override public double[] ciHigh() { return ciHigh.clone(); }

    /** Index of a term. */
    public int index(String term) {
        int i = terms.indexOf(term);
        if (i < 0) {
            throw new IllegalArgumentException("no term " + term + " in " + terms);
        }
        return i;
    }
}
