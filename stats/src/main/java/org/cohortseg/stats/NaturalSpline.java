package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Natural cubic spline regression of y on x with given interior knots and boundary knots at the
 * range of x: the same function space as R's {@code lm(y ~ splines::ns(x, knots = ...))}, so the
 * fitted curve and its 95 % confidence band are the same (the basis differs: the truncated-power
 * form of natural splines, {@code d_k(x) - d_{K-1}(x)}, on x scaled to [0, 1] for conditioning).
 */
public final class NaturalSpline {
    private final Basis basis;
    private final LeastSquares.Model model;

    private NaturalSpline(Basis basis, LeastSquares.Model model) {
        this.basis = basis;
        this.model = model;
    }

    /**
     * Fits the spline.
     *
     * @param interiorKnots knots strictly inside the range of x, increasing
     */
    public static Estimate<NaturalSpline> fit(double[] x, double[] y, double[] interiorKnots) {
        Estimate<Basis> basis = Basis.of(x, interiorKnots);
        if (!basis.present()) {
            return Estimate.none(basis.reason());
        }
        Basis b = basis.value();
        List<double[]> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < b.size(); c++) {
            columns.add(new double[x.length]);
            names.add("ns" + (c + 1));
        }
        for (int i = 0; i < x.length; i++) {
            double[] row = b.at(x[i]);
            for (int c = 0; c < row.length; c++) {
                columns.get(c)[i] = row[c];
            }
        }
        return LeastSquares.fit(y, columns, names).map(m -> new NaturalSpline(b, m));
    }

    /**
     * The natural cubic spline basis without intercept (the columns of R's {@code splines::ns(x, knots)}
     * up to a linear change of basis): the linear term, then K - 2 truncated-power terms, on x scaled to
     * [0, 1] over the range of the fitting data (linear beyond it).
     *
     * @param knots all knots, scaled, boundary included
     */
    record Basis(double[] knots, double lo, double scale) {

        /** The basis with boundary knots at the range of x, or why there is none. */
        static Estimate<Basis> of(double[] x, double[] interiorKnots) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : x) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            if (!(max > min)) {
                return Estimate.none("x has no range");
            }
            double scale = max - min;
            double[] knots = new double[interiorKnots.length + 2];
            knots[0] = 0;
            knots[knots.length - 1] = 1;
            for (int i = 0; i < interiorKnots.length; i++) {
                knots[i + 1] = (interiorKnots[i] - min) / scale;
                if (!(knots[i + 1] > knots[i]) || knots[i + 1] >= 1) {
                    return Estimate.none("knots must increase strictly inside the range of x");
                }
            }
            return Estimate.of(new Basis(knots, min, scale));
        }

        /** The basis with interior knots at the quartiles of x (type 7), as the reference charts use it. */
        static Estimate<Basis> atQuartiles(double[] x) {
            return of(x, Quantiles.type7(x, 0.25, 0.5, 0.75));
        }

        /** Number of columns. */
        int size() {
            return knots.length - 1;
        }

        /** Basis values at x. */
        double[] at(double xRaw) {
            double x = (xRaw - lo) / scale;
            int k = knots.length;
            double[] b = new double[k - 1];
            b[0] = x;
            double last = d(x, k - 2);
            for (int j = 0; j < k - 2; j++) {
                b[j + 1] = d(x, j) - last;
            }
            return b;
        }

        private double d(double x, int j) {
            double end = knots[knots.length - 1];
            return (cube(x - knots[j]) - cube(x - end)) / (end - knots[j]);
        }

        private static double cube(double v) {
            return v > 0 ? v * v * v : 0;
        }
    }

    /** Fitted value, lower and upper 95 % confidence bound at x. */
    public double[] predict(double x) {
        return model.predict(basis.at(x));
    }

    /** The underlying least-squares fit. */
    public LinearFit fit() {
        return model.fit();
    }
}
