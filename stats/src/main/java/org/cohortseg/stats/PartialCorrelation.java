package org.cohortseg.stats;

/**
 * A partial correlation with its t test, as R package ppcor's {@code pcor.test} reports it.
 *
 * @param estimate the partial correlation
 * @param statistic {@code t = r sqrt((n - 2 - k) / (1 - r^2))}
 * @param pValue two-sided p-value of t on n - 2 - k degrees of freedom
 * @param n observations
 * @param covariates k, the number of covariate columns partialled out
 */
public record PartialCorrelation(double estimate, double statistic, double pValue, int n, int covariates) {
}
