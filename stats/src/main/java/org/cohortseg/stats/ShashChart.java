package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A skew- and tail-aware reference chart: the sinh-arcsinh (shash) distribution of Jones and Pewsey
 * (2009) in the parametrisation of R's {@code mgcv::shash}, fitted by maximum penalised likelihood as
 * {@code mgcv::gam(list(y ~ ns(age, knots = age quartiles), ~ age, ~ 1, ~ 1), family = shash)}:
 * location mu a natural spline of age, scale {@code sigma = exp(g0 + g1 age) + 0.01} (mgcv's "logeb"
 * link: a log-linear trend in age, floored at 0.01 units of the measure), and constant skewness epsilon
 * and tailweight delta = exp(phi), phi carrying mgcv's ridge penalty (see {@link ShashLikelihood}).
 *
 * <p>With {@code z = (y - mu) / (sigma delta)}, the normal score {@code sinh(delta asinh(z) - epsilon)}
 * is exactly standard normal under the model, so centiles and z-scores are closed-form.
 */
public final class ShashChart implements CentileChart {
    private static final NormalDistribution NORMAL = new NormalDistribution();
    private final ChartDesign design;
    private final double[] location;
    private final double[] scale;
    private final double epsilon;
    private final double phi;
    private final double penalisedLogLikelihood;

    /** The distribution at one age. */
    public record Parameters(double mu, double sigma, double epsilon, double delta) {
    }

    private ShashChart(ChartDesign design, double[] theta, double penalisedLogLikelihood) {
        this.design = design;
        int p = theta.length - 4;
        location = Arrays.copyOf(theta, p);
        double slope = theta[p + 1] / design.basis().scale();
        scale = new double[] {theta[p] - slope * design.basis().lo(), slope};
        epsilon = theta[p + 2];
        phi = theta[p + 3];
        this.penalisedLogLikelihood = penalisedLogLikelihood;
    }

    /** Fits the chart to paired ages and values of one sex, starting from the Gaussian least-squares fit. */
    public static Estimate<ShashChart> fit(double[] age, double[] values) {
        Estimate<ChartDesign> chartDesign = ChartDesign.of(age, values.length);
        if (!chartDesign.present()) {
            return Estimate.none(chartDesign.reason());
        }
        ChartDesign d = chartDesign.value();
        double[][] design = d.rows();
        double[] scaledAge = new double[age.length];
        for (int i = 0; i < age.length; i++) {
            scaledAge[i] = d.scaled(age[i]);
        }
        Estimate<double[]> start = start(design, values);
        if (!start.present()) {
            return Estimate.none(start.reason());
        }
        ShashLikelihood likelihood = new ShashLikelihood(design, scaledAge, values);
        Estimate<double[]> theta = NewtonMaximiser.maximise(likelihood, start.value());
        return theta.map(t -> new ShashChart(d, t, likelihood.evaluate(t, false).value()));
    }

    /** Least squares for mu, the residual spread for sigma, and a normal shape (epsilon = phi = 0). */
    private static Estimate<double[]> start(double[][] design, double[] values) {
        int p = design[0].length;
        List<double[]> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int c = 1; c < p; c++) {
            double[] column = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                column[i] = design[i][c];
            }
            columns.add(column);
            names.add("ns" + c);
        }
        Estimate<LeastSquares.Model> ls = LeastSquares.fit(values, columns, names);
        if (!ls.present()) {
            return Estimate.none(ls.reason());
        }
        double[] beta = ls.value().fit().coefficients();
        double ss = 0;
        for (int i = 0; i < values.length; i++) {
            double r = values[i];
            for (int m = 0; m < p; m++) {
                r -= design[i][m] * beta[m];
            }
            ss += r * r;
        }
        double sd = Math.sqrt(ss / values.length);
        double[] theta = Arrays.copyOf(beta, p + 4);
        theta[p] = Math.log(Math.max(sd - ShashLikelihood.SIGMA_FLOOR, 1e-3 * sd));
        return Estimate.of(theta);
    }

    /** The location, scale and shape at an age. */
    public Parameters at(double age) {
        return new Parameters(mu(age), sigma(age), epsilon, delta());
    }

    /** Location at an age. */
    public double mu(double age) {
        double[] row = design.row(age);
        double mu = 0;
        for (int m = 0; m < row.length; m++) {
            mu += location[m] * row[m];
        }
        return mu;
    }

    /** Scale at an age. */
    public double sigma(double age) {
        return Math.exp(scale[0] + scale[1] * age) + ShashLikelihood.SIGMA_FLOOR;
    }

    /** The scale's linear predictor on raw age, (g0, g1): mgcv's coefficients of {@code ~ age}. */
    public double[] scaleCoefficients() {
        return scale.clone();
    }

    /** Skewness (positive: right-skewed). */
    public double epsilon() {
        return epsilon;
    }

    /** log of the tailweight (negative: heavier tails than normal). */
    public double phi() {
        return phi;
    }

    /** Tailweight (below 1: heavier tails than normal). */
    public double delta() {
        return Math.exp(phi);
    }

    /** The maximised penalised log-likelihood (mgcv's {@code logLik} of the fit). */
    public double penalisedLogLikelihood() {
        return penalisedLogLikelihood;
    }

    @Override
    public double centile(double age, double percent) {
        double delta = delta();
        double z = NORMAL.inverseCumulativeProbability(percent / 100);
        return mu(age) + delta * sigma(age) * Math.sinh((ShashLikelihood.asinh(z) + epsilon) / delta);
    }

    @Override
    public double centileOf(double age, double value) {
        return 100 * NORMAL.cumulativeProbability(zScore(age, value));
    }

    @Override
    public double zScore(double age, double value) {
        double delta = delta();
        double z = (value - mu(age)) / (sigma(age) * delta);
        double score = Math.sinh(delta * ShashLikelihood.asinh(z) - epsilon);
        return Math.max(-QuantileChart.Z_LIMIT, Math.min(QuantileChart.Z_LIMIT, score));
    }

    @Override
    public String model() {
        return "shash";
    }

    /** A one-line description of the distribution at an age. */
    public String describe(double age) {
        Parameters p = at(age);
        return String.format(Locale.ROOT, "at age %.1f: mu %.6g, sigma %.6g, epsilon %.4f, delta %.4f",
                age, p.mu(), p.sigma(), p.epsilon(), p.delta());
    }
}
