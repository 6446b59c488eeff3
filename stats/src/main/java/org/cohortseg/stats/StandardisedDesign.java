package org.cohortseg.stats;

/**
 * A design and response standardised as glmnet's gaussian fit does it (standardize = TRUE,
 * intercept = TRUE, unit observation weights normalised to 1/n): every non-constant column is
 * centred and scaled by its population standard deviation (1/n), y likewise by its mean and
 * population sd {@code ys}, and both carry the factor sqrt(1/n), so that plain dot products are the
 * weighted inner products of the coordinate descent. Constant columns are left out (coefficient 0),
 * as glmnet's variable check does.
 */
final class StandardisedDesign {
    final int n;
    final int p;
    /** Standardised columns times sqrt(1/n); null for a constant column. */
    final double[][] columns;
    final double[] xMean;
    final double[] xSd;
    final double yMean;
    final double ySd;
    /** Standardised y times sqrt(1/n) (unit norm). */
    final double[] y;

    private StandardisedDesign(double[][] columns, double[] xMean, double[] xSd, double yMean, double ySd,
                               double[] y) {
        this.n = y.length;
        this.p = columns.length;
        this.columns = columns;
        this.xMean = xMean;
        this.xSd = xSd;
        this.yMean = yMean;
        this.ySd = ySd;
        this.y = y;
    }

    /** Standardises rows {@code x} (observations x features) and {@code y}. */
    static Estimate<StandardisedDesign> of(double[][] x, double[] y) {
        int n = y.length;
        if (x.length != n) {
            throw new IllegalArgumentException("x has " + x.length + " rows for " + n + " responses");
        }
        if (n < 2) {
            return Estimate.none("n < 2");
        }
        int p = x[0].length;
        double root = Math.sqrt(1.0 / n);
        double[][] columns = new double[p][];
        double[] xMean = new double[p];
        double[] xSd = new double[p];
        for (int j = 0; j < p; j++) {
            double[] column = new double[n];
            for (int i = 0; i < n; i++) {
                if (x[i].length != p) {
                    throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, not " + p);
                }
                column[i] = x[i][j];
            }
            if (!finite(column)) {
                return Estimate.none("non-finite value in feature " + j);
            }
            if (!constant(column)) {
                xMean[j] = mean(column);
                xSd[j] = centreAndScale(column, xMean[j], root);
                columns[j] = column;
            }
        }
        if (!finite(y)) {
            return Estimate.none("non-finite response");
        }
        double[] yStd = y.clone();
        double yMean = mean(yStd);
        double ySd = centreAndScale(yStd, yMean, root);
        if (ySd == 0) {
            return Estimate.none("y is constant");
        }
        boolean any = false;
        for (double[] c : columns) {
            any |= c != null;
        }
        if (!any) {
            return Estimate.none("all predictors are constant");
        }
        return Estimate.of(new StandardisedDesign(columns, xMean, xSd, yMean, ySd, yStd));
    }

    /** Whether feature j varies (takes part in the fit). */
    boolean varies(int j) {
        return columns[j] != null;
    }

    /** Inner product of two standardised columns (the weighted covariance glmnet caches). */
    double gram(int j, int k) {
        return dot(columns[j], columns[k]);
    }

    /** Inner product of a standardised column with the standardised response. */
    double gradient(int j) {
        return dot(columns[j], y);
    }

    /** Centres v at {@code mean}, multiplies by {@code root}, then divides by the resulting norm; returns the norm. */
    private static double centreAndScale(double[] v, double mean, double root) {
        double norm2 = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = root * (v[i] - mean);
            norm2 += v[i] * v[i];
        }
        double norm = Math.sqrt(norm2);
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= norm;
            }
        }
        return norm;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double mean(double[] v) {
        double w = 1.0 / v.length;
        double s = 0;
        for (double d : v) {
            s += d * w;
        }
        return s;
    }

    private static boolean constant(double[] v) {
        for (double d : v) {
            if (d != v[0]) {
                return false;
            }
        }
        return true;
    }

    private static boolean finite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }
}
