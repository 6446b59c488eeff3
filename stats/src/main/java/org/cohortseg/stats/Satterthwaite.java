package org.cohortseg.stats;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * Satterthwaite's degrees of freedom for a contrast {@code l'beta} of a REML fit, as lmerTest computes
 * them: {@code df = 2 (l'C l)^2 / (g' A g)}, where C is the covariance of beta as a function of the
 * variance parameters {@code (theta, sigma)}, g the gradient of {@code l'C l} in them, and
 * {@code A = 2 H^+} the asymptotic covariance of the variance parameters from the Hessian H of the REML
 * deviance of {@code (theta, sigma)} (pseudo-inverse over eigenvalues above 1e-8, as lmerTest).
 */
final class Satterthwaite {
    private static final double EIGEN_TOLERANCE = 1e-8;
    private final double[][] parameterCovariance;
    private final double[][][] covarianceJacobian;

    private Satterthwaite(double[][] parameterCovariance, double[][][] covarianceJacobian) {
        this.parameterCovariance = parameterCovariance;
        this.covarianceJacobian = covarianceJacobian;
    }

    /**
     * The derivatives at the REML optimum {@code (theta, sigma)}. Those in theta are numerical; those in
     * sigma are exact: {@code C = sigma^2 S(theta)} and the deviance is
     * {@code a(theta) + r^2(theta) / sigma^2 + (n - p) log(2 pi sigma^2)}.
     */
    static Satterthwaite at(RemlCriterion criterion, OrthogonalDesign design, double[] theta, double sigma) {
        int p = design.p();
        int q = theta.length;
        double[][] jacobian = NumericalDerivatives.jacobian(t -> {
            RemlCriterion.Evaluation e = criterion.evaluate(t);
            double[][] c = design.covariance(e.fixedInverse(), sigma * sigma);
            double[] out = new double[p * p + 1];
            for (int i = 0; i < p; i++) {
                System.arraycopy(c[i], 0, out, i * p, p);
            }
            out[p * p] = e.pwrss();
            return out;
        }, theta);
        double[][] thetaHessian = NumericalDerivatives.hessian(t -> criterion.deviance(t, sigma), theta);
        double[][] hessian = new double[q + 1][q + 1];
        double[][][] covarianceJacobian = new double[q + 1][p][p];
        for (int k = 0; k < q; k++) {
            System.arraycopy(thetaHessian[k], 0, hessian[k], 0, q);
            hessian[k][q] = -2 * jacobian[k][p * p] / (sigma * sigma * sigma);
            hessian[q][k] = hessian[k][q];
            for (int i = 0; i < p; i++) {
                System.arraycopy(jacobian[k], i * p, covarianceJacobian[k][i], 0, p);
            }
        }
        double pwrss = criterion.evaluate(theta).pwrss();
        int residualDf = criterion.n() - criterion.p();
        hessian[q][q] = 6 * pwrss / Math.pow(sigma, 4) - 2 * residualDf / (sigma * sigma);
        double[][] c = design.covariance(criterion.evaluate(theta).fixedInverse(), 2 * sigma);
        covarianceJacobian[q] = c;
        return new Satterthwaite(twiceThePseudoInverse(hessian), covarianceJacobian);
    }

    private static double[][] twiceThePseudoInverse(double[][] hessian) {
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(hessian));
        int d = hessian.length;
        RealMatrix out = new Array2DRowRealMatrix(d, d);
        for (int k = 0; k < d; k++) {
            double value = eigen.getRealEigenvalue(k);
            if (value > EIGEN_TOLERANCE) {
                RealVector v = eigen.getEigenvector(k);
                out = out.add(v.outerProduct(v).scalarMultiply(2 / value));
            }
        }
        return out.getData();
    }

    /**
     * The degrees of freedom of contrast l, whose variance is {@code l'C l}; infinite where that variance
     * does not vary with the variance parameters.
     */
    double df(double[] l, double variance) {
        double[] gradient = new double[covarianceJacobian.length];
        for (int k = 0; k < gradient.length; k++) {
            gradient[k] = quadraticForm(l, covarianceJacobian[k]);
        }
        double denominator = quadraticForm(gradient, parameterCovariance);
        return denominator > 0 ? 2 * variance * variance / denominator : Double.POSITIVE_INFINITY;
    }

    /** {@code v'M v}. */
    static double quadraticForm(double[] v, double[][] m) {
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                s += v[i] * m[i][j] * v[j];
            }
        }
        return s;
    }
}
