package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * Ordinary least squares with an intercept by QR decomposition, giving what R's lm reports:
 * coefficients, standard errors, t, p, 95 % confidence intervals and R^2; and, for new points,
 * fitted values with their 95 % confidence band (R's {@code predict(interval = "confidence")}).
 */
public final class LeastSquares {
    private static final double SINGULARITY = 1e-10;
    private static final Map<Integer, Double> T_QUANTILES = new ConcurrentHashMap<>();

    private LeastSquares() {
    }

    /** A fit that can also predict. */
    public record Model(LinearFit fit, double[][] covariance) {

        /** Fitted value and 95 % confidence band at a design row (without the intercept column). */
        public double[] predict(double[] row) {
            double[] x = withIntercept(row);
            double[] beta = fit.coefficients();
            double value = 0;
            double variance = 0;
            for (int i = 0; i < x.length; i++) {
                value += beta[i] * x[i];
                for (int j = 0; j < x.length; j++) {
                    variance += x[i] * covariance[i][j] * x[j];
                }
            }
            double half = tQuantile(fit.residualDf()) * Math.sqrt(variance);
            return new double[] {value, value - half, value + half};
        }
    }

    /**
     * Fits {@code y ~ 1 + columns}.
     *
     * @param y responses
     * @param columns predictors, one array per predictor, each as long as y
     * @param names predictor names
     */
    public static Estimate<Model> fit(double[] y, List<double[]> columns, List<String> names) {
        int n = y.length;
        int k = columns.size() + 1;
        if (n <= k) {
            return Estimate.none("n = " + n + " is not larger than the " + k + " coefficients");
        }
        double[][] design = new double[n][k];
        for (int i = 0; i < n; i++) {
            design[i][0] = 1;
            for (int c = 0; c < columns.size(); c++) {
                design[i][c + 1] = columns.get(c)[i];
            }
        }
        RealMatrix x = new Array2DRowRealMatrix(design, false);
        QRDecomposition qr = new QRDecomposition(x, SINGULARITY);
        DecompositionSolver solver = qr.getSolver();
        if (!solver.isNonSingular()) {
            return Estimate.none("singular design (a predictor is constant or collinear)");
        }
        RealVector yv = new ArrayRealVector(y, false);
        RealVector beta = solver.solve(yv);
        RealVector residuals = yv.subtract(x.operate(beta));
        int df = n - k;
        double sigma2 = residuals.dotProduct(residuals) / df;
        if (sigma2 == 0) {
            return Estimate.none("perfect fit (zero residual variance): standard errors undefined");
        }
        RealMatrix rInv = new org.apache.commons.math3.linear.LUDecomposition(qr.getR().getSubMatrix(0, k - 1, 0, k - 1))
                .getSolver().getInverse();
        RealMatrix cov = rInv.multiply(rInv.transpose()).scalarMultiply(sigma2);
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= n;
        double tss = 0;
        for (double v : y) {
            tss += (v - mean) * (v - mean);
        }
        double q = tQuantile(df);
        double[] se = new double[k];
        double[] t = new double[k];
        double[] p = new double[k];
        double[] low = new double[k];
        double[] high = new double[k];
        TDistribution dist = new TDistribution(null, df);
        for (int i = 0; i < k; i++) {
            se[i] = Math.sqrt(cov.getEntry(i, i));
            t[i] = beta.getEntry(i) / se[i];
            p[i] = 2 * dist.cumulativeProbability(-Math.abs(t[i]));
            low[i] = beta.getEntry(i) - q * se[i];
            high[i] = beta.getEntry(i) + q * se[i];
        }
        List<String> terms = new ArrayList<>();
        terms.add("(Intercept)");
        terms.addAll(names);
        double r2 = tss == 0 ? 0 : 1 - residuals.dotProduct(residuals) / tss;
        return Estimate.of(new Model(new LinearFit(terms, beta.toArray(), se, t, p, low, high, r2, df), cov.getData()));
    }

    private static double[] withIntercept(double[] row) {
        double[] x = new double[row.length + 1];
        x[0] = 1;
        System.arraycopy(row, 0, x, 1, row.length);
        return x;
    }

    /**
     * The 97.5th percentile of t with {@code df} degrees of freedom, computed once per df: every
     * {@link Model#predict} needs it, and z-scores and centile calibration predict per scan.
     */
    static double tQuantile(int df) {
        return T_QUANTILES.computeIfAbsent(df,
                d -> new TDistribution(null, d, 1e-15).inverseCumulativeProbability(0.975));
    }
}
