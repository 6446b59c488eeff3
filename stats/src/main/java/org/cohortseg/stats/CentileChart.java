package org.cohortseg.stats;

/**
 * An age-specific reference chart of one measure in one sex: the value of any centile at an age,
 * and where a scan's value falls. Implementations: the Gaussian {@link CentileModel}, the
 * distribution-free {@link QuantileChart} and the skew- and tail-aware {@link ShashChart}.
 */
public interface CentileChart {

    /** The value of centile {@code percent} (0 < percent < 100, e.g. 5, 50, 95) at an age. */
    double centile(double age, double percent);

    /** The centile (0-100) of a value at an age. */
    double centileOf(double age, double value);

    /**
     * The normal score of a value at an age: the inverse standard normal of {@code centileOf / 100}
     * (for the Gaussian chart, (value - mean) / sd). Non-Gaussian charts compute it directly from
     * their model, so it stays finite where the centile rounds to 0 or 100.
     */
    double zScore(double age, double value);

    /** Short name of the model: "gaussian", "quantile" or "shash". */
    String model();
}
