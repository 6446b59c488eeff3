package org.cohortseg.stats;

import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * Design matrices of least-squares fits: the rank check and the residuals. A design is of full rank when
 * no column lies within a relative 1e-7 of the span of the columns before it (R's {@code qr} tolerance),
 * judged on columns scaled to unit length so that the check does not depend on the units of a predictor.
 */
final class Regressors {
    private static final double TOLERANCE = 1e-7;

    private Regressors() {
    }

    /** Whether the columns of {@code design} (rows = observations) are linearly independent. */
    static boolean fullRank(double[][] design) {
        int n = design.length;
        int k = n == 0 ? 0 : design[0].length;
        if (n < k) {
            return false;
        }
        double[][] scaled = new double[n][k];
        for (int c = 0; c < k; c++) {
            double norm = 0;
            for (double[] row : design) {
                norm += row[c] * row[c];
            }
            if (norm == 0) {
                return false;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                scaled[i][c] = design[i][c] / norm;
            }
        }
        RealMatrix r = new QRDecomposition(new Array2DRowRealMatrix(scaled, false)).getR();
        for (int c = 0; c < k; c++) {
            if (Math.abs(r.getEntry(c, c)) < TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    /** The residuals of the OLS fit {@code y ~ 1 + columns}, or why there is no unique fit. */
    static Estimate<double[]> residuals(double[] y, List<double[]> columns) {
        int n = y.length;
        double[][] design = new double[n][columns.size() + 1];
        for (int i = 0; i < n; i++) {
            design[i][0] = 1;
            for (int c = 0; c < columns.size(); c++) {
                design[i][c + 1] = columns.get(c)[i];
            }
        }
        if (!fullRank(design)) {
            return Estimate.none("singular design (a covariate is constant or collinear)");
        }
        RealMatrix x = new Array2DRowRealMatrix(design, false);
        RealVector yv = new ArrayRealVector(y, false);
        RealVector beta = new QRDecomposition(x).getSolver().solve(yv);
        return Estimate.of(yv.subtract(x.operate(beta)).toArray());
    }
}
