package org.cohortseg.stats;

/**
 * Cyclic coordinate descent for the standardised gaussian elastic net
 * {@code 1/2 sum w (y - X b)^2 + lambda (alpha |b|_1 + (1 - alpha)/2 |b|_2^2)} (weights 1/n folded
 * into {@link StandardisedDesign}), in glmnet's "covariance" form: the gradients
 * {@code g_j = <x_j, r>} are kept for every feature and updated from cached Gram columns of the
 * features that have entered, so a pass costs O(p) per changed coefficient and nothing in n.
 *
 * <p>As glmnet: the update is {@code b_k = S(g_k + b_k, lambda alpha) / (1 + lambda (1 - alpha))}; a
 * pass over all features alternates with passes over the features that have entered (in order of
 * entry) until those converge; a lambda is solved when a pass over all features moves no
 * coefficient by more than {@code threshold} in {@code max (delta b)^2} (glmnet's {@code thresh},
 * relative to the null deviance, which is 1 here); from the second lambda on, the entered set is
 * iterated first. The state carries over between calls (warm starts along a path).
 */
final class CoordinateDescent {
    private final StandardisedDesign design;
    private final double alpha;
    private final double threshold;
    private final int maxPasses;
    private final double[] beta;
    private final double[] gradient;
    private final int[] entered;
    private final double[][] gram;
    private int nEntered;
    private int passes;
    private boolean warm;
    private double rsq;
    private double l1;
    private double l2;

    CoordinateDescent(StandardisedDesign design, double alpha, double threshold, int maxPasses) {
        this.design = design;
        this.alpha = alpha;
        this.threshold = threshold;
        this.maxPasses = maxPasses;
        this.beta = new double[design.p];
        this.gradient = new double[design.p];
        this.entered = new int[design.p];
        this.gram = new double[design.p][];
        for (int j = 0; j < design.p; j++) {
            if (design.varies(j)) {
                gradient[j] = design.gradient(j);
            }
        }
    }

    /** The current gradient of feature j (its inner product with the residual). */
    double gradient(int j) {
        return gradient[j];
    }

    /** The current standardised coefficient of feature j. */
    double beta(int j) {
        return beta[j];
    }

    /** Fraction of the (standardised) null deviance explained, accumulated as glmnet does. */
    double rsq() {
        return rsq;
    }

    /**
     * Solves at a standardised lambda, starting from the current coefficients.
     *
     * @return false when the passes so far (over the whole path) exceed {@code maxPasses}
     */
    boolean solve(double lambda) {
        l1 = lambda * alpha;
        l2 = lambda * (1 - alpha);
        if (warm && !iterateEntered()) {
            return false;
        }
        while (true) {
            if (passOverAll() < threshold) {
                return true;
            }
            if (passes > maxPasses || !iterateEntered()) {
                return false;
            }
        }
    }

    private boolean iterateEntered() {
        warm = true;
        while (true) {
            passes++;
            double dlx = 0;
            for (int e = 0; e < nEntered; e++) {
                dlx = Math.max(dlx, update(entered[e]));
            }
            if (dlx < threshold) {
                return true;
            }
            if (passes > maxPasses) {
                return false;
            }
        }
    }

    private double passOverAll() {
        passes++;
        double dlx = 0;
        for (int k = 0; k < design.p; k++) {
            if (design.varies(k)) {
                dlx = Math.max(dlx, update(k));
            }
        }
        return dlx;
    }

    /** Updates coefficient k; returns its squared change. */
    private double update(int k) {
        double old = beta[k];
        double u = gradient[k] + old;
        double v = Math.abs(u) - l1;
        double b = v > 0 ? Math.copySign(v, u) / (1 + l2) : 0;
        if (b == old) {
            return 0;
        }
        if (gram[k] == null) {
            enter(k);
        }
        double delta = b - old;
        beta[k] = b;
        rsq += delta * (2 * gradient[k] - delta);
        double[] column = gram[k];
        for (int j = 0; j < design.p; j++) {
            gradient[j] -= column[j] * delta;
        }
        return delta * delta;
    }

    private void enter(int k) {
        double[] column = new double[design.p];
        for (int j = 0; j < design.p; j++) {
            if (j == k) {
                column[j] = 1;
            } else if (gram[j] != null) {
                column[j] = gram[j][k];
            } else if (design.varies(j)) {
                column[j] = design.gram(j, k);
            }
        }
        gram[k] = column;
        entered[nEntered++] = k;
    }
}
