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
    private final double[] knots; // all knots, scaled, boundary included
    private final double lo;
    private final double scale;
    private final LeastSquares.Model model;

    private NaturalSpline(double[] knots, double lo, double scale, LeastSquares.Model model) {
        this.knots = knots;
        this.lo = lo;
        this.scale = scale;
        this.model = model;
    }

    /**
     * Fits the spline.
     *
     * @param interiorKnots knots strictly inside the range of x, increasing
     */
    public static Estimate<NaturalSpline> fit(double[] x, double[] y, double[] interiorKnots) {
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
        NaturalSpline shell = new NaturalSpline(knots, min, scale, null);
        List<double[]> columns = new ArrayList<>();
        for (int c = 0; c < knots.length - 1; c++) {
            columns.add(new double[x.length]);
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < knots.length - 1; c++) {
            names.add("ns" + (c + 1));
        }
        for (int i = 0; i < x.length; i++) {
            double[] b = shell.basis(x[i]);
            for (int c = 0; c < b.length; c++) {
                columns.get(c)[i] = b[c];
            }
        }
        double origin = min;
        return LeastSquares.fit(y, columns, names).map(m -> new NaturalSpline(knots, origin, scale, m));
    }

    /** Basis values at x: the linear term, then K - 2 truncated-power terms. */
    private double[] basis(double xRaw) {
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

    /** Fitted value, lower and upper 95 % confidence bound at x. */
    public double[] predict(double x) {
        return model.predict(basis(x));
    }

    /** The underlying least-squares fit. */
    public LinearFit fit() {
        return model.fit();
    }
}
