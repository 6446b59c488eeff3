package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gaussian elastic net exactly as R's {@code glmnet} (4.1-6) fits it with {@code standardize = TRUE}
 * and an unpenalised intercept: {@code 1/(2n) RSS + lambda (alpha |b|_1 + (1 - alpha)/2 |b|_2^2)}
 * over standardised features (population sd), by cyclic coordinate descent with warm starts
 * ({@link CoordinateDescent}), coefficients returned on the original scale.
 *
 * <p>glmnet also standardises y by its population sd {@code ys} and solves with lambda / ys, then
 * reports lambda and the coefficients times ys (?glmnet: "glmnet standardizes y to have unit variance
 * (using 1/n rather than 1/(n-1) formula) before computing its lambda sequence (and then
 * unstandardizes the resulting coefficients)"); user-supplied lambdas are divided by ys too. For the
 * lasso this is the objective above exactly; for alpha < 1 the ridge term is in effect
 * {@code lambda (1 - alpha) / (2 ys) |b_std|^2} (b_std: coefficients of the standardised features).
 * This class reproduces what glmnet reports, not the textbook objective.
 *
 * <p>glmnet's own lambda sequence ({@link #path}):
 * {@code lambda_max = max_j |sum_i xs_ij (y_i - mean y)| / (n max(alpha, 1e-3))} with xs the
 * standardised features (so ridge uses the 1e-3 surrogate), then {@code nLambda} values log-spaced
 * down to {@code lambda_max max(ratio, 1e-6)}, ratio 0.01 when n < p and 1e-4 otherwise (also when
 * n = p); the first fit is made at glmnet's "infinite" lambda 9.9e35 (all zero, or about 1e-36 for
 * ridge) and its reported lambda is extrapolated from the next two ({@code fix.lam}); the path stops
 * early, from the fifth lambda on, once the explained deviance grows by less than 1e-5 relative or
 * exceeds 0.999 ({@code glmnet.control}'s fdev, mnlam, devmax).
 */
public final class ElasticNet {
    private static final double INFINITE_LAMBDA = 9.9e35;
    private static final double MIN_RATIO = 1e-6;
    private static final double RIDGE_SURROGATE = 1e-3;
    private static final double MIN_DEVIANCE_GAIN = 1e-5;
    private static final double MAX_DEVIANCE_RATIO = 0.999;
    private static final int MIN_PATH = 5;

    private ElasticNet() {
    }

    /**
     * Fit settings (glmnet's argument names in brackets).
     *
     * @param alpha mixing between ridge (0) and lasso (1) [alpha]
     * @param nLambda length of the own lambda sequence [nlambda]
     * @param lambdaMinRatio smallest over largest lambda of the own sequence; NaN: glmnet's default
     *                       (0.01 when n < p, else 1e-4) [lambda.min.ratio]
     * @param threshold convergence threshold on max (delta b_std)^2 per pass [thresh]
     * @param maxPasses most coordinate-descent passes over the whole path [maxit]
     */
    public record Options(double alpha, int nLambda, double lambdaMinRatio, double threshold, int maxPasses) {
        public Options {
            if (!(alpha >= 0 && alpha <= 1)) {
                throw new IllegalArgumentException("alpha outside [0, 1]: " + alpha);
            }
            if (nLambda < 3) {
                throw new IllegalArgumentException("nLambda < 3: " + nLambda);
            }
            if (!Double.isNaN(lambdaMinRatio) && !(lambdaMinRatio > 0 && lambdaMinRatio < 1)) {
                throw new IllegalArgumentException("lambdaMinRatio outside (0, 1): " + lambdaMinRatio);
            }
            if (!(threshold > 0) || maxPasses < 1) {
                throw new IllegalArgumentException("threshold and maxPasses must be positive");
            }
        }

        /** glmnet's defaults: 100 lambdas, the default ratio, thresh = 1e-7, maxit = 1e5. */
        public static Options glmnet(double alpha) {
            return new Options(alpha, 100, Double.NaN, 1e-7, 100_000);
        }

        /** The same options with another convergence threshold. */
        public Options withThreshold(double value) {
            return new Options(alpha, nLambda, lambdaMinRatio, value, maxPasses);
        }
    }

    /** {@code glmnet(x, y, alpha)}: the fits along glmnet's own lambda sequence. */
    public static Estimate<ElasticNetPath> path(double[][] x, double[] y, Options options) {
        Estimate<StandardisedDesign> standardised = StandardisedDesign.of(x, y);
        if (!standardised.present()) {
            return Estimate.none(standardised.reason());
        }
        StandardisedDesign d = standardised.value();
        double ratio = Double.isNaN(options.lambdaMinRatio()) ? (d.n < d.p ? 0.01 : 1e-4) : options.lambdaMinRatio();
        double step = Math.pow(Math.max(MIN_RATIO, ratio), 1.0 / (options.nLambda() - 1));
        CoordinateDescent descent = new CoordinateDescent(d, options.alpha(), options.threshold(), options.maxPasses());
        Builder path = new Builder(d);
        double lambda = INFINITE_LAMBDA;
        for (int m = 0; m < options.nLambda(); m++) {
            if (m == 1) {
                lambda = largestGradient(d, descent) / Math.max(options.alpha(), RIDGE_SURROGATE) * step;
            } else if (m > 1) {
                lambda *= step;
            }
            double before = descent.rsq();
            if (!descent.solve(lambda)) {
                return notConverged(options);
            }
            path.add(lambda, descent);
            double rsq = descent.rsq();
            double gain = rsq == 0 ? Double.POSITIVE_INFINITY : (rsq - before) / rsq;
            boolean saturated = gain < MIN_DEVIANCE_GAIN || rsq > MAX_DEVIANCE_RATIO;
            if (m + 1 >= Math.min(MIN_PATH, options.nLambda()) && saturated) {
                break;
            }
        }
        return Estimate.of(path.build(true));
    }

    /** {@code glmnet(x, y, alpha, lambda = lambdas)}: the fits at given lambdas, solved in decreasing order. */
    public static Estimate<ElasticNetPath> fit(double[][] x, double[] y, double[] lambdas, Options options) {
        double[] sorted = lambdas.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0 || !(sorted[0] >= 0) || !Double.isFinite(sorted[sorted.length - 1])) {
            throw new IllegalArgumentException("lambdas must be non-negative and finite: " + Arrays.toString(lambdas));
        }
        Estimate<StandardisedDesign> standardised = StandardisedDesign.of(x, y);
        if (!standardised.present()) {
            return Estimate.none(standardised.reason());
        }
        StandardisedDesign d = standardised.value();
        CoordinateDescent descent = new CoordinateDescent(d, options.alpha(), options.threshold(), options.maxPasses());
        Builder path = new Builder(d);
        for (int m = sorted.length - 1; m >= 0; m--) {
            double lambda = sorted[m] / d.ySd;
            if (!descent.solve(lambda)) {
                return notConverged(options);
            }
            path.add(lambda, descent);
        }
        return Estimate.of(path.build(false));
    }

    private static double largestGradient(StandardisedDesign d, CoordinateDescent descent) {
        double largest = 0;
        for (int j = 0; j < d.p; j++) {
            if (d.varies(j)) {
                largest = Math.max(largest, Math.abs(descent.gradient(j)));
            }
        }
        return largest;
    }

    private static Estimate<ElasticNetPath> notConverged(Options options) {
        return Estimate.none("no convergence within " + options.maxPasses() + " coordinate-descent passes");
    }

    /** Collects the solutions on the original scale. */
    private static final class Builder {
        private final StandardisedDesign d;
        private final List<Double> lambdas = new ArrayList<>();
        private final List<Double> intercepts = new ArrayList<>();
        private final List<double[]> coefficients = new ArrayList<>();
        private final List<Double> devRatios = new ArrayList<>();

        Builder(StandardisedDesign d) {
            this.d = d;
        }

        void add(double standardisedLambda, CoordinateDescent descent) {
            double[] b = new double[d.p];
            double intercept = 0;
            for (int j = 0; j < d.p; j++) {
                if (d.varies(j)) {
                    b[j] = descent.beta(j) * (d.ySd / d.xSd[j]);
                    intercept -= b[j] * d.xMean[j];
                }
            }
            lambdas.add(standardisedLambda * d.ySd);
            intercepts.add(intercept + d.yMean);
            coefficients.add(b);
            devRatios.add(descent.rsq());
        }

        /** The path; with {@code extrapolateFirst}, the first lambda from the next two as glmnet's fix.lam. */
        ElasticNetPath build(boolean extrapolateFirst) {
            double[] lambda = unbox(lambdas);
            if (extrapolateFirst && lambda.length > 2) {
                lambda[0] = Math.exp(2 * Math.log(lambda[1]) - Math.log(lambda[2]));
            }
            return new ElasticNetPath(lambda, unbox(intercepts), coefficients.toArray(double[][]::new),
                    unbox(devRatios));
        }

        private static double[] unbox(List<Double> values) {
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }
}
