package org.cohortseg.stats;

/**
 * ComBat's empirical Bayes shrinkage of one batch's per-feature location (gamma) and scale (delta) estimates
 * towards priors pooled over the features, as sva 3.46 computes it (Johnson, Li and Rabinovic 2007):
 * <ul>
 *   <li>parametric: gamma ~ N(gamma.bar, t2) and delta ~ inverse gamma(a, b) with the method-of-moments
 *       hyperparameters over the features, solved by sva's iteration ({@code it.sol}) that alternates the
 *       posterior mean of gamma given delta and of delta given gamma until the largest relative change (signed
 *       by the previous value, as sva divides by it) is at most 1e-4; with mean only, sva's
 *       {@code postmean(gamma.hat, gamma.bar, 1, 1, t2)};</li>
 *   <li>non-parametric ({@code int.eprior}): the posterior means over the empirical prior of the other
 *       features' (gamma.hat, delta.hat), weighted by the normal likelihood of this feature's data; the weights
 *       are normalised in log space, which gives sva's ratio where its direct product is representable and a
 *       finite answer where it is not (sva returns NaN once {@code (2 pi delta)^(n/2)} overflows, from batches of
 *       several hundred samples).</li>
 * </ul>
 * A feature's data enter through its batch moments only: the count, mean and sum of squared deviations of its
 * non-missing standardised values, since {@code sum((x - g)^2) = ss + n (mean - g)^2}.
 */
final class EmpiricalBayes {
    /** sva's convergence criterion of the parametric iteration. */
    static final double CONVERGENCE = 1e-4;
    /** A bound sva does not have: an iteration this long is reported instead of looping forever. */
    static final int MAX_ITERATIONS = 10_000;
    private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

    private EmpiricalBayes() {
    }

    /**
     * One batch's standardised data, per feature.
     *
     * @param count non-missing values
     * @param gammaHat their mean
     * @param sumOfSquares their sum of squared deviations from the mean
     * @param deltaHat their variance (n - 1), or 1 when only the mean is adjusted
     */
    record BatchMoments(int[] count, double[] gammaHat, double[] sumOfSquares, double[] deltaHat) {
    }

    /** The shrunken estimates of one batch, per feature. */
    record Posterior(double[] gammaStar, double[] deltaStar) {
    }

    /** The parametric posterior (sva's {@code it.sol}), or why the iteration failed. */
    static Estimate<Posterior> parametric(BatchMoments m) {
        double[] gHat = m.gammaHat();
        double gBar = mean(gHat);
        double t2 = variance(gHat, gBar);
        double dBar = mean(m.deltaHat());
        double s2 = variance(m.deltaHat(), dBar);
        if (!(s2 > 0)) {
            return Estimate.none("delta.hat does not vary over the features: no inverse gamma prior");
        }
        double a = (2 * s2 + dBar * dBar) / s2;
        double b = (dBar * s2 + dBar * dBar * dBar) / s2;
        int features = gHat.length;
        double[] gOld = gHat.clone();
        double[] dOld = m.deltaHat().clone();
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double change = Double.NEGATIVE_INFINITY;
            double[] gNew = new double[features];
            double[] dNew = new double[features];
            for (int f = 0; f < features; f++) {
                int n = m.count()[f];
                gNew[f] = (t2 * n * gHat[f] + dOld[f] * gBar) / (t2 * n + dOld[f]);
                double deviation = gHat[f] - gNew[f];
                double sum2 = m.sumOfSquares()[f] + n * deviation * deviation;
                dNew[f] = (0.5 * sum2 + b) / (n / 2.0 + a - 1);
                change = Math.max(change, Math.max(Math.abs(gNew[f] - gOld[f]) / gOld[f],
                        Math.abs(dNew[f] - dOld[f]) / dOld[f]));
            }
            gOld = gNew;
            dOld = dNew;
            if (change <= CONVERGENCE) {
                return Estimate.of(new Posterior(gNew, dNew));
            }
        }
        return Estimate.none("the parametric empirical Bayes iteration did not converge in " + MAX_ITERATIONS
                + " steps");
    }

    /** The parametric posterior of the location only (delta fixed at 1), as sva's mean-only branch. */
    static Posterior parametricMeanOnly(double[] gammaHat) {
        double gBar = mean(gammaHat);
        double t2 = variance(gammaHat, gBar);
        double[] gStar = new double[gammaHat.length];
        double[] dStar = new double[gammaHat.length];
        for (int f = 0; f < gStar.length; f++) {
            gStar[f] = (t2 * gammaHat[f] + gBar) / (t2 + 1);
            dStar[f] = 1;
        }
        return new Posterior(gStar, dStar);
    }

    /** The non-parametric posterior (sva's {@code int.eprior}): each feature against the other features' priors. */
    static Posterior nonparametric(BatchMoments m) {
        double[] g = m.gammaHat();
        double[] d = m.deltaHat();
        int features = g.length;
        double[] logTwoPiD = new double[features];
        for (int j = 0; j < features; j++) {
            logTwoPiD[j] = LOG_TWO_PI + Math.log(d[j]);
        }
        double[] gStar = new double[features];
        double[] dStar = new double[features];
        double[] logLikelihood = new double[features];
        for (int i = 0; i < features; i++) {
            int n = m.count()[i];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < features; j++) {
                double deviation = g[i] - g[j];
                double sum2 = m.sumOfSquares()[i] + n * deviation * deviation;
                logLikelihood[j] = j == i ? Double.NaN : -0.5 * n * logTwoPiD[j] - sum2 / (2 * d[j]);
                if (logLikelihood[j] > max) {
                    max = logLikelihood[j];
                }
            }
            double weights = 0;
            double gSum = 0;
            double dSum = 0;
            for (int j = 0; j < features; j++) {
                double w = Math.exp(logLikelihood[j] - max);
                if (w > 0) { // NaN (the feature itself, or sva's LH == "NaN") counts as 0
                    weights += w;
                    gSum += g[j] * w;
                    dSum += d[j] * w;
                }
            }
            gStar[i] = gSum / weights;
            dStar[i] = dSum / weights;
        }
        return new Posterior(gStar, dStar);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double variance(double[] v, double mean) {
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return s / (v.length - 1);
    }
}
