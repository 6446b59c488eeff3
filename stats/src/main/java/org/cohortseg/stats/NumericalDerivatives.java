package org.cohortseg.stats;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * First and second derivatives by central differences refined by Richardson extrapolation (steps
 * h, h/2, h/4, h/8 with {@code h = max(0.1 |x|, 1e-4)} per coordinate), steps like those of R's numDeriv,
 * which lmerTest differentiates with. Large first steps keep rounding error small; the extrapolation
 * removes the truncation error, so the derivatives of a smooth criterion are good to about 1e-9.
 */
final class NumericalDerivatives {
    private static final int LEVELS = 4;
    private static final double RELATIVE_STEP = 0.1;
    private static final double MIN_STEP = 1e-4;

    private NumericalDerivatives() {
    }

    /** The Jacobian of a vector-valued f at x: {@code result[k]} is {@code d f / d x_k}. */
    static double[][] jacobian(Function<double[], double[]> f, double[] x) {
        double[][] out = new double[x.length][];
        for (int k = 0; k < x.length; k++) {
            int coordinate = k;
            out[k] = extrapolate(h -> {
                double[] up = f.apply(shifted(x, coordinate, h[coordinate], -1, 0));
                double[] down = f.apply(shifted(x, coordinate, -h[coordinate], -1, 0));
                double[] d = new double[up.length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = (up[i] - down[i]) / (2 * h[coordinate]);
                }
                return d;
            }, x);
        }
        return out;
    }

    /** The gradient of f at x. */
    static double[] gradient(ToDoubleFunction<double[]> f, double[] x) {
        double[][] jacobian = jacobian(v -> new double[] {f.applyAsDouble(v)}, x);
        double[] out = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            out[k] = jacobian[k][0];
        }
        return out;
    }

    /** The Hessian of f at x. */
    static double[][] hessian(ToDoubleFunction<double[]> f, double[] x) {
        int d = x.length;
        double centre = f.applyAsDouble(x);
        double[] flat = extrapolate(h -> {
            double[] out = new double[d * d];
            for (int i = 0; i < d; i++) {
                double up = f.applyAsDouble(shifted(x, i, h[i], -1, 0));
                double down = f.applyAsDouble(shifted(x, i, -h[i], -1, 0));
                out[i * d + i] = (up - 2 * centre + down) / (h[i] * h[i]);
                for (int j = 0; j < i; j++) {
                    double pp = f.applyAsDouble(shifted(x, i, h[i], j, h[j]));
                    double pm = f.applyAsDouble(shifted(x, i, h[i], j, -h[j]));
                    double mp = f.applyAsDouble(shifted(x, i, -h[i], j, h[j]));
                    double mm = f.applyAsDouble(shifted(x, i, -h[i], j, -h[j]));
                    out[i * d + j] = (pp - pm - mp + mm) / (4 * h[i] * h[j]);
                    out[j * d + i] = out[i * d + j];
                }
            }
            return out;
        }, x);
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    /** x moved by a along coordinate i and by b along coordinate j (j < 0: none). */
    private static double[] shifted(double[] x, int i, double a, int j, double b) {
        double[] y = x.clone();
        y[i] += a;
        if (j >= 0) {
            y[j] += b;
        }
        return y;
    }

    /**
     * Richardson extrapolation of a difference quotient whose error is a series in h^2: evaluates
     * it at halving steps and eliminates the error terms one by one.
     */
    private static double[] extrapolate(Function<double[], double[]> quotient, double[] x) {
        double[] h = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            h[k] = Math.max(RELATIVE_STEP * Math.abs(x[k]), MIN_STEP);
        }
        double[][] table = new double[LEVELS][];
        for (int level = 0; level < LEVELS; level++) {
            table[level] = quotient.apply(h);
            for (int k = 0; k < h.length; k++) {
                h[k] /= 2;
            }
        }
        for (int order = 1; order < LEVELS; order++) {
            double factor = Math.pow(4, order);
            for (int level = LEVELS - 1; level >= order; level--) {
                for (int i = 0; i < table[level].length; i++) {
                    table[level][i] += (table[level][i] - table[level - 1][i]) / (factor - 1);
                }
            }
        }
        return table[LEVELS - 1];
    }
}
