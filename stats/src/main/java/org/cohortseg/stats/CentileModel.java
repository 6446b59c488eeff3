package org.cohortseg.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Age-specific reference centiles of one measure in one sex, as a Gaussian location-scale model
 * in the spirit of GAMLSS reference charts: the mean is a natural cubic spline of age (knots at
 * the age quartiles), and so is the standard deviation, fitted to the absolute residuals
 * (E|e| = sigma sqrt(2 / pi) for normal errors). Centile p at age a is mean(a) + z_p sd(a); a
 * scan's z-score is (value - mean(age)) / sd(age).
 */
public final class CentileModel implements CentileChart {
    private static final NormalDistribution NORMAL = new NormalDistribution();
    private static final double ABS_TO_SD = Math.sqrt(Math.PI / 2);
    /** Subjects needed for a reference chart. */
    public static final int MIN_N = 20;
    private final NaturalSpline mean;
    private final NaturalSpline spread;

    private CentileModel(NaturalSpline mean, NaturalSpline spread) {
        this.mean = mean;
        this.spread = spread;
    }

    /** Fits the model to paired ages and values. */
    public static Estimate<CentileModel> fit(double[] age, double[] values) {
        if (values.length < MIN_N) {
            return Estimate.none("n < " + MIN_N + ": too few for reference centiles");
        }
        return fit(age, values, NaturalSpline.fit(age, values, Quantiles.type7(age, 0.25, 0.5, 0.75)));
    }

    /**
     * Fits the spread around an already fitted mean spline (knots at the age quartiles), so that a
     * caller who also reports the mean trajectory fits it once.
     */
    public static Estimate<CentileModel> fit(double[] age, double[] values, Estimate<NaturalSpline> m) {
        if (values.length < MIN_N) {
            return Estimate.none("n < " + MIN_N + ": too few for reference centiles");
        }
        if (!m.present()) {
            return Estimate.none(m.reason());
        }
        double[] knots = Quantiles.type7(age, 0.25, 0.5, 0.75);
        double[] absolute = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            absolute[i] = Math.abs(values[i] - m.value().predict(age[i])[0]);
        }
        Estimate<NaturalSpline> s = NaturalSpline.fit(age, absolute, knots);
        return s.present() ? Estimate.of(new CentileModel(m.value(), s.value())) : Estimate.none(s.reason());
    }

    /** Expected value at an age. */
    public double mean(double age) {
        return mean.predict(age)[0];
    }

    /** Standard deviation at an age (floored at a tiny positive value so z-scores stay finite). */
    public double sd(double age) {
        return Math.max(spread.predict(age)[0] * ABS_TO_SD, 1e-9);
    }

    /** The value of centile {@code percent} (e.g. 5, 50, 95) at an age. */
    @Override
    public double centile(double age, double percent) {
        return mean(age) + NORMAL.inverseCumulativeProbability(percent / 100) * sd(age);
    }

    /** z-score of a value at an age. */
    @Override
    public double zScore(double age, double value) {
        return (value - mean(age)) / sd(age);
    }

    /** The centile (0-100) of a value at an age. */
    @Override
    public double centileOf(double age, double value) {
        return 100 * NORMAL.cumulativeProbability(zScore(age, value));
    }

    @Override
    public String model() {
        return "gaussian";
    }
}
