package org.cohortseg.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;

/**
 * Linear quantile regression: the coefficients b minimising the check loss
 * {@code sum rho_tau(y_i - x_i b)}, {@code rho_tau(u) = u (tau - [u < 0])}, as the exact vertex of the
 * linear programme that R's {@code quantreg::rq(method = "br")} (Barrodale-Roberts) returns: b
 * interpolates p observations (the vertex), {@code b = X_h^-1 y_h}.
 *
 * <p>The solver walks from vertex to vertex in the manner of Barrodale and Roberts. At a vertex the
 * dual values of the interpolated observations, {@code a_h = X_h^-T ((1 - tau) X'1 - sum_{r_j > 0} x_j)},
 * are the directional derivatives of the loss along the edges that release one of them (downwards:
 * a_k; upwards: 1 - a_k); the vertex is optimal when all lie in [0, 1] (a dual-feasible point of
 * {@code max y'a, X'a = (1 - tau) X'1, 0 <= a <= 1}, i.e. an LP certificate). Otherwise the most
 * negative edge is followed with an exact line search: the loss along the edge is convex piecewise
 * linear, its slope grows by |x_j d| at each observation it crosses, and the observation where the slope
 * turns non-negative enters the vertex (the weighted-median step, passing many vertices at once).
 * Degenerate vertices (observations off the vertex lying exactly on the fit: duplicate scans, rounded
 * values) could make the walk cycle, so it first runs on y with a tiny fixed jitter, which has none, and
 * then resumes on the exact y from that vertex: usually it is already optimal there (the certificate
 * holds with the jittered sides for the ties); otherwise ties keep their side, zero-length steps
 * release the infeasible observation of lowest index (Bland's rule), and an iteration cap ends it.
 */
public final class QuantileRegression {
    /** Dual values this far outside [0, 1] count as a descent edge (rounding of a_h is far below it). */
    private static final double DUAL_TOLERANCE = 1e-9;
    private static final double RANK_TOLERANCE = 1e-9;
    /** Residuals below this share of max |y| are ties: rounding of b = X_h^-1 y_h, never a side. */
    private static final double TIE_TOLERANCE = 1e-11;
    /** Size of the jitter that breaks ties, as a share of max |y|: far above rounding, far below data. */
    private static final double PERTURBATION = 1e-8;
    private static final long PERTURBATION_SEED = 20260315L;

    private QuantileRegression() {
    }

    /**
     * A fitted quantile.
     *
     * @param tau the quantile level
     * @param coefficients b, one per design column
     * @param objective the check loss at b
     * @param vertex the indices of the p observations b interpolates
     */
    public record Fit(double tau, double[] coefficients, double objective, int[] vertex) {

        /** The fitted quantile at a design row. */
        public double predict(double[] row) {
            return dot(row, coefficients);
        }
    }

    /**
     * Fits quantile {@code tau} of y on the design rows x (include an intercept column if wanted).
     *
     * @param x n rows of p predictors, n > p
     * @param y n responses
     * @param tau the quantile level, 0 < tau < 1
     */
    public static Estimate<Fit> fit(double[][] x, double[] y, double tau) {
        return fit(x, y, tau, null);
    }

    /**
     * As {@link #fit(double[][], double[], double)}, starting from a vertex (e.g. the fit at a nearby
     * tau), or from a vertex of observations near the unconditional quantile when start is null.
     */
    static Estimate<Fit> fit(double[][] x, double[] y, double tau, int[] start) {
        if (!(tau > 0 && tau < 1)) {
            throw new IllegalArgumentException("tau outside (0, 1): " + tau);
        }
        int n = y.length;
        int p = n == 0 ? 0 : x[0].length;
        if (n <= p) {
            return Estimate.none("n = " + n + " is not larger than the " + p + " coefficients");
        }
        int[] vertex = start != null ? start.clone() : initialVertex(x, y, tau);
        if (vertex == null) {
            return Estimate.none("singular design (a predictor is constant or collinear)");
        }
        boolean[] above = new boolean[n];
        Estimate<Fit> perturbed = new Walk(x, perturb(y), tau, vertex, above).run();
        return perturbed.present() ? new Walk(x, y, tau, perturbed.value().vertex(), above).run() : perturbed;
    }

    /**
     * y plus a tiny fixed pseudo-random jitter (PERTURBATION of max |y|), so that no observation off the
     * vertex lies exactly on the fit: the walk on it meets no tie. Its optimal vertex is then checked,
     * and if need be walked on, with the exact y.
     */
    private static double[] perturb(double[] y) {
        double largest = maxAbs(y);
        SplittableRandom random = new SplittableRandom(PERTURBATION_SEED);
        double[] jittered = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            jittered[i] = y[i] + PERTURBATION * largest * random.nextDouble();
        }
        return jittered;
    }

    /** One run of the vertex walk. */
    private static final class Walk {
        private final double[][] x;
        private final double[] y;
        private final double tau;
        private final int[] vertex;
        private final boolean[] inVertex;
        private final boolean[] above;
        private final double[] residual;
        private final double[] slopeStep;
        private final Breakpoints breakpoints;
        private final double tie;
        private boolean degenerate;

        Walk(double[][] x, double[] y, double tau, int[] vertex, boolean[] above) {
            this.x = x;
            this.y = y;
            this.tau = tau;
            this.vertex = vertex;
            int n = y.length;
            tie = TIE_TOLERANCE * maxAbs(y);
            inVertex = new boolean[n];
            for (int h : vertex) {
                inVertex[h] = true;
            }
            this.above = above;
            residual = new double[n];
            slopeStep = new double[n];
            breakpoints = new Breakpoints(n);
        }

        Estimate<Fit> run() {
            int limit = 50 * y.length + 1000;
            for (int iteration = 0; iteration < limit; iteration++) {
                double[][] inverse = inverse(vertex);
                if (inverse == null) {
                    return Estimate.none("singular design (a predictor is constant or collinear)");
                }
                double[] b = multiply(inverse, vertex);
                double[] dual = duals(inverse, b);
                int k = degenerate ? lowestInfeasible(dual) : mostInfeasible(dual);
                if (k < 0) {
                    return Estimate.of(new Fit(tau, b, objective(), vertex.clone()));
                }
                boolean down = dual[k] < 0;
                double slope = down ? dual[k] : 1 - dual[k];
                double[] direction = new double[b.length];
                for (int m = 0; m < b.length; m++) {
                    direction[m] = down ? inverse[m][k] : -inverse[m][k];
                }
                int entering = lineSearch(direction, slope);
                if (entering < 0) {
                    return Estimate.none("the check loss is unbounded below (rank-deficient design)");
                }
                int leaving = vertex[k];
                inVertex[leaving] = false;
                above[leaving] = !down;
                inVertex[entering] = true;
                vertex[k] = entering;
            }
            return Estimate.none("quantile regression did not converge");
        }

        /** The inverse of the vertex rows, or null when they are singular. */
        private double[][] inverse(int[] rows) {
            double[][] b = new double[rows.length][];
            for (int k = 0; k < rows.length; k++) {
                b[k] = x[rows[k]];
            }
            LUDecomposition lu = new LUDecomposition(new Array2DRowRealMatrix(b, true), 1e-14);
            return lu.getSolver().isNonSingular() ? lu.getSolver().getInverse().getData() : null;
        }

        private double[] multiply(double[][] inverse, int[] rows) {
            double[] b = new double[rows.length];
            for (int m = 0; m < rows.length; m++) {
                for (int k = 0; k < rows.length; k++) {
                    b[m] += inverse[m][k] * y[rows[k]];
                }
            }
            return b;
        }

        /**
         * Residuals at b, each observation off the vertex put on its side (ties keep theirs), and the
         * vertex duals {@code a = (1 - tau) 1 + X_h^-T sum_{j off vertex} ((1 - tau) - [above_j]) x_j}.
         */
        private double[] duals(double[][] inverse, double[] b) {
            int p = b.length;
            double[] v = new double[p];
            for (int j = 0; j < y.length; j++) {
                residual[j] = inVertex[j] ? 0 : y[j] - dot(x[j], b);
                if (inVertex[j]) {
                    continue;
                }
                if (Math.abs(residual[j]) > tie) {
                    above[j] = residual[j] > 0;
                }
                double weight = (1 - tau) - (above[j] ? 1 : 0);
                for (int m = 0; m < p; m++) {
                    v[m] += weight * x[j][m];
                }
            }
            double[] dual = new double[p];
            for (int k = 0; k < p; k++) {
                double s = 1 - tau;
                for (int m = 0; m < p; m++) {
                    s += inverse[m][k] * v[m];
                }
                dual[k] = s;
            }
            return dual;
        }

        private int lowestInfeasible(double[] dual) {
            int lowest = -1;
            for (int k = 0; k < dual.length; k++) {
                if (Math.max(-dual[k], dual[k] - 1) > DUAL_TOLERANCE && (lowest < 0 || vertex[k] < vertex[lowest])) {
                    lowest = k;
                }
            }
            return lowest;
        }

        private static int mostInfeasible(double[] dual) {
            int worst = -1;
            double most = DUAL_TOLERANCE;
            for (int k = 0; k < dual.length; k++) {
                double violation = Math.max(-dual[k], dual[k] - 1);
                if (violation > most) {
                    most = violation;
                    worst = k;
                }
            }
            return worst;
        }

        /**
         * The observation where the loss along b + t d stops decreasing: crossing observation j at
         * {@code t_j = r_j / (x_j d)} raises the slope by |x_j d|. Observations crossed before it change side.
         */
        private int lineSearch(double[] direction, double slope) {
            breakpoints.clear();
            for (int j = 0; j < y.length; j++) {
                if (inVertex[j]) {
                    continue;
                }
                double w = dot(x[j], direction);
                slopeStep[j] = w;
                if (above[j] ? w > 0 : w < 0) {
                    breakpoints.add(Math.max(residual[j] / w, 0), j);
                }
            }
            breakpoints.heapify();
            double s = slope;
            while (breakpoints.size() > 0) {
                double at = breakpoints.top();
                int j = breakpoints.pop();
                s += Math.abs(slopeStep[j]);
                if (s >= 0) {
                    degenerate = at == 0;
                    return j;
                }
                above[j] = !above[j];
            }
            return -1;
        }

        private double objective() {
            double sum = 0;
            for (double r : residual) {
                sum += r * (r < 0 ? tau - 1 : tau);
            }
            return sum;
        }
    }

    /** A start: observations closest to the unconditional tau-quantile of y that make a regular vertex. */
    private static int[] initialVertex(double[][] x, double[] y, double tau) {
        int n = y.length;
        int p = x[0].length;
        double q = Quantiles.type7(y, tau)[0];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> i.equals(j) ? 0 : Double.compare(Math.abs(y[i] - q), Math.abs(y[j] - q)));
        double[][] basis = new double[p][];
        int[] vertex = new int[p];
        int size = 0;
        for (int c = 0; c < n && size < p; c++) {
            double[] row = x[order[c]];
            double[] v = row.clone();
            for (int k = 0; k < size; k++) {
                double projection = dot(v, basis[k]);
                for (int m = 0; m < p; m++) {
                    v[m] -= projection * basis[k][m];
                }
            }
            double norm = Math.sqrt(dot(v, v));
            if (norm > RANK_TOLERANCE * Math.sqrt(dot(row, row))) {
                for (int m = 0; m < p; m++) {
                    v[m] /= norm;
                }
                basis[size] = v;
                vertex[size++] = order[c];
            }
        }
        return size == p ? vertex : null;
    }

    private static double maxAbs(double[] y) {
        double largest = 0;
        for (double v : y) {
            largest = Math.max(largest, Math.abs(v));
        }
        return largest;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** A binary min-heap of (t, index) pairs, ties broken by index, so the walk is deterministic. */
    private static final class Breakpoints {
        private final double[] t;
        private final int[] index;
        private int size;

        Breakpoints(int capacity) {
            t = new double[capacity];
            index = new int[capacity];
        }

        void clear() {
            size = 0;
        }

        int size() {
            return size;
        }

        void add(double at, int j) {
            t[size] = at;
            index[size++] = j;
        }

        void heapify() {
            for (int i = size / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
        }

        double top() {
            return t[0];
        }

        int pop() {
            int top = index[0];
            size--;
            t[0] = t[size];
            index[0] = index[size];
            siftDown(0);
            return top;
        }

        private boolean less(int a, int b) {
            return t[a] < t[b] || (t[a] == t[b] && index[a] < index[b]);
        }

        private void siftDown(int i) {
            while (true) {
                int smallest = i;
                int left = 2 * i + 1;
                int right = left + 1;
                if (left < size && less(left, smallest)) {
                    smallest = left;
                }
                if (right < size && less(right, smallest)) {
                    smallest = right;
                }
                if (smallest == i) {
                    return;
                }
                double tt = t[i];
                t[i] = t[smallest];
                t[smallest] = tt;
                int ti = index[i];
                index[i] = index[smallest];
                index[smallest] = ti;
                i = smallest;
            }
        }
    }
}
