package org.cohortseg.stats;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;

/**
 * The REML criterion of a linear mixed model with one grouping factor and a correlated random
 * intercept and slope, {@code y = X beta + Z b + e}, {@code b_i ~ N(0, sigma^2 T T')} per subject,
 * as lme4 defines it: {@code T = [[t0, 0], [t1, t2]]} is the relative covariance factor (lme4's
 * theta, lower triangle by columns), and
 * {@code -2 REML = log|L|^2 + log|R_X|^2 + (n - p) (1 + log(2 pi r^2 / (n - p)))} with
 * {@code L L' = T'Z'Z T + I}, {@code R_X'R_X = X'V^-1 X}, {@code V = I + Z T T'Z'} and r^2 the
 * penalised residual sum of squares.
 *
 * <p>Z is block diagonal, so every quantity is a sum over subjects of 2 x 2 blocks (Woodbury:
 * {@code V_i^-1 = I - Z_i T A_i^-1 T'Z_i'}, {@code A_i = T'Z_i'Z_i T + I}); the data enter only
 * through per-subject sums, and one evaluation costs O(subjects x p^2).
 */
final class RemlCriterion {
    private final int n;
    private final int p;
    private final int subjects;
    private final double[] zz; // per subject: n_i, sum t, sum t^2
    private final double[] zq; // per subject: sum q (p values), sum t q (p values)
    private final double[] ze; // per subject: sum e, sum t e
    private final double[][] qq;
    private final double[] qe;
    private final double ee;
    private final double logDetCrossProduct;

    /** The profiled quantities at one theta. */
    record Evaluation(double logDetRandom, double logDetFixed, double[][] fixedInverse, double[] gamma, double pwrss) {
    }

    /**
     * @param design the fixed design on orthogonal columns
     * @param subject each observation's subject, 0 to subjects - 1
     * @param subjects number of subjects
     * @param slope the covariate with a random slope
     */
    RemlCriterion(OrthogonalDesign design, int[] subject, int subjects, double[] slope) {
        this.n = design.n();
        this.p = design.p();
        this.subjects = subjects;
        this.zz = new double[3 * subjects];
        this.zq = new double[2 * p * subjects];
        this.ze = new double[2 * subjects];
        this.qq = new double[p][p];
        this.qe = new double[p];
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            int s = subject[i];
            double t = slope[i];
            double e = design.residual(i);
            double[] q = design.q(i);
            zz[3 * s] += 1;
            zz[3 * s + 1] += t;
            zz[3 * s + 2] += t * t;
            ze[2 * s] += e;
            ze[2 * s + 1] += t * e;
            for (int k = 0; k < p; k++) {
                zq[2 * p * s + k] += q[k];
                zq[2 * p * s + p + k] += t * q[k];
                qe[k] += q[k] * e;
                for (int l = 0; l < p; l++) {
                    qq[k][l] += q[k] * q[l];
                }
            }
            sumSquares += e * e;
        }
        this.ee = sumSquares;
        this.logDetCrossProduct = design.logDetCrossProduct();
    }

    /** Observations. */
    int n() {
        return n;
    }

    /** Fixed-effect coefficients. */
    int p() {
        return p;
    }

    /** The profiled quantities at theta, or null where {@code X'V^-1 X} is numerically not positive definite. */
    Evaluation evaluate(double[] theta) {
        double t0 = theta[0];
        double t1 = theta[1];
        double t2 = theta[2];
        double[][] m = new double[p][p];
        for (int k = 0; k < p; k++) {
            m[k] = qq[k].clone();
        }
        double[] rhs = qe.clone();
        double eve = ee;
        LogProduct logDetRandom = new LogProduct();
        double[] g0 = new double[p];
        double[] g1 = new double[p];
        for (int s = 0; s < subjects; s++) {
            double s11 = zz[3 * s];
            double s12 = zz[3 * s + 1];
            double s22 = zz[3 * s + 2];
            double l11 = Math.sqrt(1 + t0 * t0 * s11 + 2 * t0 * t1 * s12 + t1 * t1 * s22);
            double l21 = t2 * (t0 * s12 + t1 * s22) / l11;
            double l22 = Math.sqrt(1 + t2 * t2 * s22 - l21 * l21);
            logDetRandom.multiply(l11 * l22);
            double r11 = 1 / l11;
            double r22 = 1 / l22;
            int base = 2 * p * s;
            for (int k = 0; k < p; k++) {
                double w0 = zq[base + k];
                double w1 = zq[base + p + k];
                g0[k] = (t0 * w0 + t1 * w1) * r11;
                g1[k] = (t2 * w1 - l21 * g0[k]) * r22;
            }
            double v0 = ze[2 * s];
            double v1 = ze[2 * s + 1];
            double h0 = (t0 * v0 + t1 * v1) * r11;
            double h1 = (t2 * v1 - l21 * h0) * r22;
            eve -= h0 * h0 + h1 * h1;
            for (int k = 0; k < p; k++) {
                rhs[k] -= g0[k] * h0 + g1[k] * h1;
                for (int l = 0; l <= k; l++) {
                    m[k][l] -= g0[k] * g0[l] + g1[k] * g1[l];
                }
            }
        }
        for (int k = 0; k < p; k++) {
            for (int l = k + 1; l < p; l++) {
                m[k][l] = m[l][k];
            }
        }
        CholeskyDecomposition chol;
        try {
            chol = new CholeskyDecomposition(new Array2DRowRealMatrix(m, false), 1e-14, 0);
        } catch (NonPositiveDefiniteMatrixException e) {
            return null;
        }
        double[][] inverse = chol.getSolver().getInverse().getData();
        double[] gamma = new double[p];
        double explained = 0;
        for (int k = 0; k < p; k++) {
            for (int l = 0; l < p; l++) {
                gamma[k] += inverse[k][l] * rhs[l];
            }
            explained += rhs[k] * gamma[k];
        }
        double logDetFixed = Math.log(chol.getDeterminant()) + logDetCrossProduct;
        return new Evaluation(2 * logDetRandom.log(), logDetFixed, inverse, gamma, eve - explained);
    }

    /** The REML criterion with beta and sigma profiled out (lme4's {@code REMLcrit}); +infinity where undefined. */
    double profiled(double[] theta) {
        Evaluation e = evaluate(theta);
        if (e == null || !(e.pwrss() > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        int df = n - p;
        return e.logDetRandom() + e.logDetFixed() + df * (1 + Math.log(2 * Math.PI * e.pwrss() / df));
    }

    /** The REML criterion at theta and residual SD sigma, beta profiled out (lmerTest's deviance of (theta, sigma)). */
    double deviance(double[] theta, double sigma) {
        Evaluation e = evaluate(theta);
        if (e == null) {
            return Double.POSITIVE_INFINITY;
        }
        double sigma2 = sigma * sigma;
        return e.logDetRandom() + e.logDetFixed() + e.pwrss() / sigma2 + (n - p) * Math.log(2 * Math.PI * sigma2);
    }

    /** The log of a product of factors >= 1, with one logarithm per batch of factors instead of per factor. */
    private static final class LogProduct {
        private static final double FLUSH = 1e100;
        private double log;
        private double product = 1;

        void multiply(double factor) {
            if (product > FLUSH || factor > FLUSH) {
                log += Math.log(product);
                product = 1;
            }
            product *= factor;
        }

        double log() {
            return log + Math.log(product);
        }
    }
}
