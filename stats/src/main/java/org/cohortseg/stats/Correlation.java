package org.cohortseg.stats;

/**
 * A correlation coefficient with its two-sided p-value and, for Pearson's r, the Fisher-z 95 %
 * confidence interval.
 *
 * @param estimate r or rho
 * @param pValue two-sided p-value (t approximation with n - 2 degrees of freedom)
 * @param n pairs used
 * @param ciLow lower 95 % bound (NaN-free: equals the estimate when no interval is defined)
 * @param ciHigh upper 95 % bound
 */
public record Correlation(double estimate, double pValue, int n, double ciLow, double ciHigh) {
}
