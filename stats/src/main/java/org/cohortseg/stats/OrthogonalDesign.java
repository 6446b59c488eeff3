package org.cohortseg.stats;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * A fixed-effects design with intercept, {@code X = Q R}, rewritten on well-conditioned columns
 * {@code Q = X R^-1} with the response replaced by its least-squares residuals {@code e}. Mixed-model
 * sums over Q and e stay on the scale of the residuals instead of cancelling against large means
 * and uncentred ages; {@link #coefficients} and {@link #covariance} map results back to X's scale.
 */
final class OrthogonalDesign {
    private static final double SINGULARITY = 1e-10;
    private final double[][] q;
    private final double[] residuals;
    private final double[][] rInverse;
    private final double[] ols;
    private final double logDetCrossProduct;

    private OrthogonalDesign(double[][] q, double[] residuals, double[][] rInverse, double[] ols,
                             double logDetCrossProduct) {
        this.q = q;
        this.residuals = residuals;
        this.rInverse = rInverse;
        this.ols = ols;
        this.logDetCrossProduct = logDetCrossProduct;
    }

    /** The design {@code 1 + columns} for response y; none when the columns are collinear. */
    static Estimate<OrthogonalDesign> of(double[] y, double[][] columns) {
        int n = y.length;
        int p = columns.length + 1;
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) {
            x[i][0] = 1;
            for (int c = 1; c < p; c++) {
                x[i][c] = columns[c - 1][i];
            }
        }
        QRDecomposition qr = new QRDecomposition(new Array2DRowRealMatrix(x, false), SINGULARITY);
        DecompositionSolver solver = qr.getSolver();
        if (!solver.isNonSingular()) {
            return Estimate.none("singular fixed-effects design (a predictor is constant or collinear)");
        }
        double[] ols = solver.solve(new ArrayRealVector(y, false)).toArray();
        RealMatrix r = qr.getR().getSubMatrix(0, p - 1, 0, p - 1);
        double[][] rInverse = upperTriangularInverse(r.getData());
        double logDet = 0;
        for (int k = 0; k < p; k++) {
            logDet += 2 * Math.log(Math.abs(r.getEntry(k, k)));
        }
        double[][] q = new double[n][p];
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) {
            double fitted = 0;
            for (int c = 0; c < p; c++) {
                fitted += x[i][c] * ols[c];
                for (int k = 0; k <= c; k++) {
                    q[i][c] += x[i][k] * rInverse[k][c];
                }
            }
            residuals[i] = y[i] - fitted;
        }
        return Estimate.of(new OrthogonalDesign(q, residuals, rInverse, ols, logDet));
    }

    private static double[][] upperTriangularInverse(double[][] r) {
        int p = r.length;
        double[][] inverse = new double[p][p];
        for (int col = 0; col < p; col++) {
            inverse[col][col] = 1 / r[col][col];
            for (int row = col - 1; row >= 0; row--) {
                double s = 0;
                for (int k = row + 1; k <= col; k++) {
                    s += r[row][k] * inverse[k][col];
                }
                inverse[row][col] = -s / r[row][row];
            }
        }
        return inverse;
    }

    /** Observations. */
    int n() {
        return residuals.length;
    }

    /** Fixed-effect coefficients, intercept included. */
    int p() {
        return ols.length;
    }

    /** Row i of Q (not copied: read only). */
    double[] q(int i) {
        return q[i];
    }

    /** The least-squares residual sum of squares. */
    double residualSumOfSquares() {
        double s = 0;
        for (double e : residuals) {
            s += e * e;
        }
        return s;
    }

    /** Least-squares residual i. */
    double residual(int i) {
        return residuals[i];
    }

    /** {@code log det(X'X)}, the constant that REML's {@code log det(X'V^-1 X)} gains over Q's. */
    double logDetCrossProduct() {
        return logDetCrossProduct;
    }

    /** The coefficients of X from a shift {@code gamma} of the coefficients of Q from least squares. */
    double[] coefficients(double[] gamma) {
        double[] beta = ols.clone();
        for (int k = 0; k < beta.length; k++) {
            for (int c = k; c < beta.length; c++) {
                beta[k] += rInverse[k][c] * gamma[c];
            }
        }
        return beta;
    }

    /** {@code scale * R^-1 S R^-T}: a covariance S of Q's coefficients on X's scale. */
    double[][] covariance(double[][] s, double scale) {
        int p = s.length;
        double[][] left = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                for (int k = i; k < p; k++) {
                    left[i][j] += rInverse[i][k] * s[k][j];
                }
            }
        }
        double[][] out = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                for (int k = j; k < p; k++) {
                    out[i][j] += left[i][k] * rInverse[j][k];
                }
                out[i][j] *= scale;
            }
        }
        return out;
    }
}
