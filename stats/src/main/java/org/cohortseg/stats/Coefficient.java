package org.cohortseg.stats;

/**
 * One term of a least-squares fit, as a row of R's {@code summary(lm)} with its {@code confint}.
 *
 * @param term term name
 * @param estimate the coefficient
 * @param standardError its standard error
 * @param t t statistic
 * @param pValue two-sided p-value
 * @param ciLow lower 95 % confidence bound
 * @param ciHigh upper 95 % confidence bound
 */
public record Coefficient(String term, double estimate, double standardError, double t, double pValue,
                          double ciLow, double ciHigh) {

    /** The row of {@code term} in a fit. */
    public static Coefficient of(LinearFit fit, String term) {
        int i = fit.index(term);
        return new Coefficient(term, fit.coefficients()[i], fit.standardErrors()[i], fit.t()[i], fit.p()[i],
                fit.ciLow()[i], fit.ciHigh()[i]);
    }
}
