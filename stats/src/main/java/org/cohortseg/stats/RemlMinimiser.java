package org.cohortseg.stats;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Minimises a {@link RemlCriterion} over theta: BOBYQA from lme4's start {@code (1, 0, 1)} with the
 * diagonal bounded at 0, then Newton steps on numerical derivatives. A derivative-free optimiser can
 * place the optimum only to about the square root of the criterion's rounding error (1e-6 relative in
 * theta); the gradient, with Richardson extrapolation, is accurate to about 1e-9, so the Newton steps
 * pin theta down to about 1e-9 (where lmer's optimum, polished the same way, agrees).
 *
 * <p>The criterion depends on theta only through {@code T T'}, which is unchanged when a column of T
 * changes sign; the Newton steps therefore need no bounds, and a negative diagonal is flipped back.
 */
final class RemlMinimiser {
    /** Evaluations allowed to BOBYQA. */
    static final int MAX_EVALUATIONS = 20_000;
    private static final double[] START = {1, 0, 1};
    private static final double INITIAL_RADIUS = 0.2;
    private static final double STOP_RADIUS = 1e-7;
    private static final int NEWTON_STEPS = 2;
    private static final double ROUNDING = 1e-12;

    private RemlMinimiser() {
    }

    /** theta at the minimum (lower triangle of T by columns, diagonal >= 0). */
    static double[] minimise(RemlCriterion criterion) {
        double inf = Double.POSITIVE_INFINITY;
        SimpleBounds diagonalNonNegative = new SimpleBounds(new double[] {0, -inf, 0}, new double[] {inf, inf, inf});
        double[] theta = new BOBYQAOptimizer(2 * START.length + 1, INITIAL_RADIUS, STOP_RADIUS)
                .optimize(new MaxEval(MAX_EVALUATIONS), new ObjectiveFunction(criterion::profiled), GoalType.MINIMIZE,
                        new InitialGuess(START), diagonalNonNegative)
                .getPoint();
        double[] polished = polish(criterion, theta);
        if (polished != null) {
            theta = polished;
        }
        if (theta[0] < 0) {
            theta[0] = -theta[0];
            theta[1] = -theta[1];
        }
        theta[2] = Math.abs(theta[2]);
        return theta;
    }

    /**
     * Newton steps {@code theta - H^-1 g} with the Hessian of the start (close enough to the optimum for
     * fast convergence), while the criterion does not rise beyond rounding; null where H is not positive
     * definite.
     */
    private static double[] polish(RemlCriterion criterion, double[] start) {
        DecompositionSolver hessian;
        try {
            hessian = new CholeskyDecomposition(new Array2DRowRealMatrix(
                    NumericalDerivatives.hessian(criterion::profiled, start), false)).getSolver();
        } catch (NonPositiveDefiniteMatrixException e) {
            return null;
        }
        double[] theta = start;
        double value = criterion.profiled(theta);
        for (int step = 0; step < NEWTON_STEPS; step++) {
            double[] g = NumericalDerivatives.gradient(criterion::profiled, theta);
            double[] move = hessian.solve(new ArrayRealVector(g, false)).toArray();
            double[] next = theta.clone();
            for (int k = 0; k < next.length; k++) {
                next[k] -= move[k];
            }
            double nextValue = criterion.profiled(next);
            if (!(nextValue <= value + ROUNDING * Math.abs(value))) {
                break;
            }
            theta = next;
            value = Math.min(value, nextValue);
        }
        return theta;
    }
}
