package org.cohortseg.stats;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * The partial Spearman correlation of x and y given covariates, as R package ppcor's
 * {@code pcor.test(x, y, z, method = "spearman")} defines it: every variable, the covariates included, is
 * replaced by its ranks (ties averaged); the ranks of x and of y are each residualised on the ranked covariates
 * by least squares with an intercept, and the estimate is the Pearson correlation of the residuals (the same as
 * ppcor's value from the inverse correlation matrix of the ranks); the test is
 * {@code t = r sqrt((n - 2 - k) / (1 - r^2))} on n - 2 - k degrees of freedom, k the number of covariate columns.
 * Ranking a 0/1 indicator (sex, a dummy-coded level) changes nothing: its ranks are a linear function of it.
 */
public final class PartialSpearman {

    private PartialSpearman() {
    }

    /** The partial Spearman correlation of paired x and y given {@code covariates}. */
    public static Estimate<PartialCorrelation> test(double[] x, double[] y, Covariates covariates) {
        int n = x.length;
        if (y.length != n || covariates.columns().stream().anyMatch(c -> c.length != n)) {
            throw new IllegalArgumentException("x, y and the covariates differ in length");
        }
        int k = covariates.size();
        int df = n - 2 - k;
        if (df < 1) {
            return Estimate.none("n = " + n + " leaves no degrees of freedom with " + k + " covariate(s)");
        }
        NaturalRanking ranking = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE);
        Covariates ranked = covariates.ranked();
        Estimate<double[]> ex = Regressors.residuals(ranking.rank(x), ranked.columns());
        Estimate<double[]> ey = Regressors.residuals(ranking.rank(y), ranked.columns());
        if (!ex.present()) { // the same design for y
            return Estimate.none(ex.reason());
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += ex.value()[i] * ey.value()[i];
            sxx += ex.value()[i] * ex.value()[i];
            syy += ey.value()[i] * ey.value()[i];
        }
        // residuals below 1e-12 of the ranks' spread are rounding: the covariates determine x or y
        double rankScale = (double) n * n * n;
        if (sxx <= 1e-24 * rankScale || syy <= 1e-24 * rankScale) {
            return Estimate.none("zero variance left after the covariates");
        }
        double r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
        if (Math.abs(r) == 1) {
            return Estimate.none("perfect partial correlation: the t statistic is undefined");
        }
        double t = r * Math.sqrt(df / (1 - r * r));
        double p = 2 * new TDistribution(null, df).cumulativeProbability(-Math.abs(t));
        return Estimate.of(new PartialCorrelation(r, t, p, n, k));
    }
}
