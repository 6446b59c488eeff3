package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * How a volume scales with body height, and its age association once height is normalised away: the OLS fit
 * {@code log(volume) ~ log(height) + age + covariates} gives the allometric exponent b (R's
 * {@code lm}/{@code confint}), and the height-normalised volume {@code volume / height^b} is correlated with age
 * (Spearman, as {@link Correlations#spearman}).
 *
 * @param exponent b, the coefficient of log(height), with its 95 % confidence interval
 * @param normalisedAgeSpearman Spearman's rs of age and volume / height^b
 */
public record Allometry(Coefficient exponent, Estimate<Correlation> normalisedAgeSpearman) {
    /** The term of the exponent. */
    public static final String LOG_HEIGHT = "log(height)";

    /**
     * Fits the allometry.
     *
     * @param volume volumes (positive)
     * @param height body heights (positive)
     * @param age ages
     * @param covariates further adjustment, e.g. sex
     */
    public static Estimate<Allometry> fit(double[] volume, double[] height, double[] age, Covariates covariates) {
        int n = volume.length;
        if (height.length != n || age.length != n) {
            throw new IllegalArgumentException("volume, height and age differ in length");
        }
        double[] logVolume = new double[n];
        double[] logHeight = new double[n];
        for (int i = 0; i < n; i++) {
            if (!(volume[i] > 0 && height[i] > 0)) {
                return Estimate.none("a volume or height is not positive: no logarithm");
            }
            logVolume[i] = Math.log(volume[i]);
            logHeight[i] = Math.log(height[i]);
        }
        List<double[]> columns = new ArrayList<>(List.of(logHeight, age));
        columns.addAll(covariates.columns());
        List<String> names = new ArrayList<>(List.of(LOG_HEIGHT, "age"));
        names.addAll(covariates.names());
        Estimate<LeastSquares.Model> fit = LeastSquares.fit(logVolume, columns, names);
        if (!fit.present()) {
            return Estimate.none(fit.reason());
        }
        Coefficient b = Coefficient.of(fit.value().fit(), LOG_HEIGHT);
        double[] normalised = new double[n];
        for (int i = 0; i < n; i++) {
            normalised[i] = volume[i] / Math.pow(height[i], b.estimate());
        }
        return Estimate.of(new Allometry(b, Correlations.spearman(age, normalised)));
    }
}
