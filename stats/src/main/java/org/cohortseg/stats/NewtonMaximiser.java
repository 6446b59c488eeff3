package org.cohortseg.stats;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Maximises the {@link ShashLikelihood} with its exact gradient and Hessian: Newton steps, damped towards
 * gradient ascent (Levenberg-Marquardt) where the Hessian is not negative definite, with step halving
 * until the value does not fall. Once the Newton decrement g'(-H)^-1 g (twice the predicted gain) is
 * below {@link #QUADRATIC}, full Newton steps are taken without the value test, which rounding would
 * blur; it stops after the step whose decrement is below {@link #DECREMENT}, so that the answer is
 * converged to rounding of the gradient (quadratic convergence), not of the value.
 */
final class NewtonMaximiser {
    /** Newton decrement (in units of the function) at which the maximum is reached. */
    static final double DECREMENT = 1e-11;
    /** Newton decrement below which the quadratic model is trusted. */
    static final double QUADRATIC = 1e-4;
    private static final int MAX_ITERATIONS = 200;
    private static final int MAX_HALVINGS = 60;

    private NewtonMaximiser() {
    }

    /** A step and whether it is the undamped Newton step. */
    private record Step(double[] direction, boolean newton) {
    }

    /** The maximiser from a start, or why none was found. */
    static Estimate<double[]> maximise(ShashLikelihood f, double[] start) {
        double[] theta = start.clone();
        ShashLikelihood.Evaluation at = f.evaluate(theta, true);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            if (!Double.isFinite(at.value())) {
                return Estimate.none("the likelihood is not finite");
            }
            Step step = ascentStep(at);
            if (step == null) {
                return Estimate.none("the likelihood has no curvature to climb");
            }
            double decrement = 0;
            for (int i = 0; i < theta.length; i++) {
                decrement += at.gradient()[i] * step.direction()[i];
            }
            double[] next = step.newton() && decrement < QUADRATIC ? add(theta, step.direction(), 1)
                    : lineSearch(f, theta, step.direction(), at.value());
            if (next == null) {
                return Estimate.none("the likelihood maximisation stalled");
            }
            theta = next;
            if (step.newton() && decrement < DECREMENT) {
                return Estimate.of(theta);
            }
            at = f.evaluate(theta, true);
        }
        return Estimate.none("the likelihood maximisation did not converge in " + MAX_ITERATIONS + " steps");
    }

    /** theta + scale * step, halving scale until the value does not fall; null if it always falls. */
    private static double[] lineSearch(ShashLikelihood f, double[] theta, double[] step, double value) {
        double scale = 1;
        for (int h = 0; h < MAX_HALVINGS; h++, scale /= 2) {
            double[] trial = add(theta, step, scale);
            if (f.evaluate(trial, false).value() >= value) {
                return trial;
            }
        }
        return null;
    }

    private static double[] add(double[] theta, double[] step, double scale) {
        double[] sum = theta.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += scale * step[i];
        }
        return sum;
    }

    /** Solves (-H + lambda D) step = g, with lambda = 0 where -H is positive definite; null if none is. */
    private static Step ascentStep(ShashLikelihood.Evaluation at) {
        int k = at.gradient().length;
        RealMatrix negative = new Array2DRowRealMatrix(at.hessian()).scalarMultiply(-1);
        double largest = 0;
        for (int i = 0; i < k; i++) {
            largest = Math.max(largest, Math.abs(negative.getEntry(i, i)));
        }
        for (double lambda = 0; lambda < 1e12; lambda = lambda == 0 ? 1e-8 : lambda * 10) {
            RealMatrix damped = negative.copy();
            for (int i = 0; i < k; i++) {
                damped.addToEntry(i, i, lambda * Math.max(Math.abs(negative.getEntry(i, i)), 1e-12 * largest));
            }
            try {
                double[] direction = new CholeskyDecomposition(damped, 1e-10, 0).getSolver()
                        .solve(new ArrayRealVector(at.gradient())).toArray();
                return new Step(direction, lambda == 0);
            } catch (NonPositiveDefiniteMatrixException e) {
                // not yet damped enough
            }
        }
        return null;
    }
}
