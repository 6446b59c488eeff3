package org.cohortseg.stats;

import java.util.Arrays;

/**
 * Elastic-net fits along a decreasing lambda sequence, on the original scale of x and y, as a
 * glmnet object holds them ({@code lambda}, {@code a0}, {@code beta}, {@code dev.ratio}).
 *
 * @param lambda the lambdas, decreasing
 * @param intercept the intercept at each lambda
 * @param coefficients the coefficients at each lambda ([lambda][feature]; 0 for constant features)
 * @param devRatio fraction of the null deviance explained at each lambda
 */
public record ElasticNetPath(double[] lambda, double[] intercept, double[][] coefficients, double[] devRatio) {

    public ElasticNetPath {
        lambda = lambda.clone();
        intercept = intercept.clone();
        coefficients = deepCopy(coefficients);
        devRatio = devRatio.clone();
    }

    @Override public double[] lambda() { return lambda.clone(); }
    @Override public double[] intercept() { return intercept.clone(); }
    @Override public double[][] coefficients() { return deepCopy(coefficients); }
    @Override public double[] devRatio() { return devRatio.clone(); }

    /** Number of lambdas. */
    public int size() {
        return lambda.length;
    }

    /** The lambda at index k. */
    public double lambda(int k) {
        return lambda[k];
    }

    /** The coefficients at index k (without the intercept). */
    public double[] coefficients(int k) {
        return coefficients[k].clone();
    }

    /** Number of non-zero coefficients at index k (glmnet's {@code df}). */
    public int nonZero(int k) {
        int count = 0;
        for (double b : coefficients[k]) {
            count += b != 0 ? 1 : 0;
        }
        return count;
    }

    /** The fitted value of one row of features at index k. */
    public double predict(int k, double[] row) {
        return linear(intercept[k], coefficients[k], row);
    }

    /**
     * The fitted value of one row at an arbitrary lambda {@code s}, as glmnet's
     * {@code predict(fit, newx, s)}: see {@link #interpolation(double)}.
     */
    public double predictAt(double s, double[] row) {
        Interpolation at = interpolation(s);
        return at.frac() * predict(at.left(), row) + (1 - at.frac()) * predict(at.right(), row);
    }

    /** The two fits that a lambda between them blends, and the weight of the left (larger-lambda) one. */
    record Interpolation(int left, int right, double frac) {
    }

    /**
     * glmnet's {@code lambda.interp}: the fit at lambda s is the linear interpolation in lambda of
     * the neighbouring fits; s outside the sequence takes the nearest end.
     */
    Interpolation interpolation(double s) {
        int k = lambda.length;
        if (k == 1) {
            return new Interpolation(0, 0, 1);
        }
        double first = lambda[0];
        double range = first - lambda[k - 1];
        double position = Math.min(1, Math.max(0, (first - s) / range));
        int right = 1;
        while (right < k - 1 && (first - lambda[right]) / range < position) {
            right++;
        }
        int left = right - 1;
        double leftPosition = (first - lambda[left]) / range;
        double rightPosition = (first - lambda[right]) / range;
        double frac = Math.abs(leftPosition - rightPosition) < Math.ulp(1.0) ? 1
                : (position - rightPosition) / (leftPosition - rightPosition);
        return new Interpolation(left, right, frac);
    }

    private static double linear(double a0, double[] beta, double[] row) {
        if (row.length != beta.length) {
            throw new IllegalArgumentException("row has " + row.length + " features, the fit " + beta.length);
        }
        double value = a0;
        for (int j = 0; j < beta.length; j++) {
            value += beta[j] * row[j];
        }
        return value;
    }

    private static double[][] deepCopy(double[][] m) {
        return Arrays.stream(m).map(double[]::clone).toArray(double[][]::new);
    }
}
