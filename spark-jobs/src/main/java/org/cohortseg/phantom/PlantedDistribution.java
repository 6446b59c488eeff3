package org.cohortseg.phantom;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.cohortseg.measure.StructureCategory;

/**
 * The planted population distribution of a measure at a subject's first scan, for given age and
 * sex, on scanner A without contrast: the mixture over the population's heights (allometric
 * volumes) and over the accelerated subgroup (its system's age terms taken {@code gapYears}
 * later). This is what a centile chart fitted to native scanner-A baseline scans estimates; for a
 * structure without height scaling or acceleration it is {@link Effect#quantile} itself.
 *
 * <p>Heights are integrated as the continuous normal (the 0.1 cm rounding of the draws is
 * ignored) by Simpson's rule over +-8 standard deviations; quantiles invert the distribution
 * function by bisection to 1e-10 relative.
 */
public final class PlantedDistribution {
    private static final double Z_LIMIT = 8;
    private static final int STEPS = 640;
    private final PhantomModel model;

    public PlantedDistribution(PhantomModel model) {
        this.model = model;
    }

    /** One mixture component: its weight and the years added to the age. */
    private record Component(double weight, double gapYears) {
    }

    private List<Component> components(Effect e) {
        Acceleration a = model.acceleration();
        if (StructureCategory.of(e.structure()) != a.system() || a.share() == 0) {
            return List.of(new Component(1, 0));
        }
        return List.of(new Component(1 - a.share(), 0), new Component(a.share(), a.gapYears()));
    }

    /** P(measure <= value) at {@code age} for the given sex. */
    public double cdf(Effect e, double age, boolean male, double value) {
        double p = 0;
        for (Component c : components(e)) {
            double bio = age + c.gapYears();
            p += c.weight() * overHeights(e, male, factor -> e.cdf(bio, male, value / factor));
        }
        return p;
    }

    /** The p-quantile at {@code age} for the given sex. */
    public double quantile(Effect e, double age, boolean male, double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must lie in (0, 1): " + p);
        }
        double start = e.quantile(age, male, p);
        double step = Math.max(1, Math.abs(start) * 0.01);
        double lo = start;
        double hi = start;
        while (cdf(e, age, male, lo) > p) {
            lo -= step;
            step *= 2;
        }
        while (cdf(e, age, male, hi) < p) {
            hi += step;
            step *= 2;
        }
        while (hi - lo > 1e-10 * Math.max(1, Math.abs(hi))) {
            double mid = 0.5 * (lo + hi);
            if (cdf(e, age, male, mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** The mean at {@code age} for the given sex. */
    public double mean(Effect e, double age, boolean male) {
        double meanFactor = overHeights(e, male, factor -> factor);
        double m = 0;
        for (Component c : components(e)) {
            double center = e.expected(age + c.gapYears(), male);
            m += c.weight() * normalExpectation(z -> e.clamped(center + e.deviation(e.totalSd() * z)));
        }
        return meanFactor * m;
    }

    /** E[f(height factor)] over the sex's heights; f(1) for a measure without height scaling. */
    private double overHeights(Effect e, boolean male, DoubleUnaryOperator f) {
        if (e.heightExponent() == 0) {
            return f.applyAsDouble(1);
        }
        BodySize body = model.bodySize();
        return normalExpectation(z -> f.applyAsDouble(
                body.volumeFactor(body.meanCm(male) + body.sdCm(male) * z, e.heightExponent())));
    }

    /** E[f(Z)] for Z ~ N(0, 1), by Simpson's rule. */
    static double normalExpectation(DoubleUnaryOperator f) {
        double h = 2 * Z_LIMIT / STEPS;
        double sum = 0;
        for (int i = 0; i <= STEPS; i++) {
            double z = -Z_LIMIT + i * h;
            double w = i == 0 || i == STEPS ? 1 : i % 2 == 1 ? 4 : 2;
            sum += w * f.applyAsDouble(z) * Math.exp(-0.5 * z * z);
        }
        return sum * h / 3 / Math.sqrt(2 * Math.PI);
    }
}
