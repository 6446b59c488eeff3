package org.cohortseg.phantom;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.special.Erf;

/**
 * The law of a planted measure's deviation from its age curve, as a transform of a normal draw
 * {@code noise ~ N(0, sd^2)} (the persistent plus visit parts of {@link Effect}). The normal law
 * keeps the draw; the sinh-arcsinh law skews it, with the age curve as its median, so that every
 * centile is known in closed form.
 */
public sealed interface NoiseLaw {
    /** The deviation for a draw {@code noise} of a normal with standard deviation {@code sd}. */
    double deviation(double noise, double sd);

    /** The p-quantile of the deviation for scale {@code sd}. */
    double quantile(double p, double sd);

    /** P(deviation <= x) for scale {@code sd}. */
    double cdf(double x, double sd);

    /** The exact definition, for truth.json. */
    Map<String, Object> describe();

    /** Standard normal quantile. */
    static double normalQuantile(double p) {
        return Math.sqrt(2) * Erf.erfInv(2 * p - 1);
    }

    /** Standard normal distribution function. */
    static double normalCdf(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2));
    }

    /** Normal deviations: the draw itself. */
    record Normal() implements NoiseLaw {
        @Override public double deviation(double noise, double sd) { return noise; }
        @Override public double quantile(double p, double sd) { return sd * normalQuantile(p); }
        @Override public double cdf(double x, double sd) { return normalCdf(x / sd); }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "normal");
            m.put("formula", "noise_sd * z, z ~ N(0, 1)");
            return m;
        }
    }

    /**
     * Jones and Pewsey's sinh-arcsinh law, centred on its median: for {@code z = noise / sd},
     * {@code sd * (sinh((asinh(z) + epsilon) / delta) - sinh(epsilon / delta))}. Epsilon > 0 skews
     * to the right; delta < 1 gives heavier tails than the normal. It is gamlss's SHASHo with
     * {@code mu = median - sd * sinh(epsilon / delta)}, {@code sigma = sd}, {@code nu = epsilon},
     * {@code tau = delta}.
     */
    record SinhArcsinh(double epsilon, double delta) implements NoiseLaw {
        public SinhArcsinh {
            if (!(delta > 0)) {
                throw new IllegalArgumentException("delta must be positive");
            }
        }

        @Override
        public double deviation(double noise, double sd) {
            return sd * standard(noise / sd);
        }

        @Override
        public double quantile(double p, double sd) {
            return sd * standard(normalQuantile(p));
        }

        @Override
        public double cdf(double x, double sd) {
            double w = x / sd + median();
            return normalCdf(Math.sinh(delta * asinh(w) - epsilon));
        }

        private double standard(double z) {
            return Math.sinh((asinh(z) + epsilon) / delta) - median();
        }

        private double median() {
            return Math.sinh(epsilon / delta);
        }

        private static double asinh(double x) {
            return Math.copySign(Math.log(Math.abs(x) + Math.sqrt(x * x + 1)), x);
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "sinh_arcsinh");
            m.put("formula", "noise_sd * (sinh((asinh(z) + epsilon) / delta) - sinh(epsilon / delta)), z ~ N(0, 1): "
                    + "the age curve is the median; gamlss SHASHo(mu = median - noise_sd * sinh(epsilon / delta), "
                    + "sigma = noise_sd, nu = epsilon, tau = delta)");
            m.put("epsilon", epsilon);
            m.put("delta", delta);
            return m;
        }
    }
}
