package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Computes {@link AdjustedAssociation}s of a measure with age: the partial Spearman correlation given sex and
 * covariates ({@link PartialSpearman}), the age x sex interaction by OLS (R's {@code lm(value ~ age * male +
 * covariates)}), the allometry on body height ({@link Allometry}) and the bootstrap interval of rs
 * ({@link SpearmanBootstrap}). Sex enters the adjustment only when both sexes are present (not in a sex stratum).
 */
public final class AdjustedAssociations {
    /** The term of the interaction. */
    public static final String AGE_BY_SEX = "age:male";

    private AdjustedAssociations() {
    }

    /**
     * The adjusted associations of one series.
     *
     * @param ids subject or scan ids (they order the bootstrap)
     * @param age ages
     * @param male sexes (true = male)
     * @param values the measure
     * @param covariates further adjustment (numeric columns and categorical indicators), or none
     * @param height body heights for the allometry, or null
     * @param bootstrap resampling of rs, or null for none
     */
    public static AdjustedAssociation of(String[] ids, double[] age, boolean[] male, double[] values,
                                         Covariates covariates, double[] height, SpearmanBootstrap.Settings bootstrap) {
        int n = values.length;
        if (ids.length != n || age.length != n || male.length != n || (height != null && height.length != n)) {
            throw new IllegalArgumentException("series columns differ in length");
        }
        Covariates adjustment = bothSexes(male) ? Covariates.indicator("male", male).and(covariates) : covariates;
        Estimate<Allometry> allometry = height == null ? Estimate.none("no body height")
                : Allometry.fit(values, height, age, adjustment);
        Estimate<SpearmanBootstrap.Interval> interval = bootstrap == null ? Estimate.none("no bootstrap requested")
                : SpearmanBootstrap.percentile(ids, age, values, bootstrap);
        return new AdjustedAssociation(n, adjustment.names(), PartialSpearman.test(age, values, adjustment),
                ageBySex(age, male, values, covariates), allometry, interval);
    }

    /**
     * The adjusted associations of a series, with its categorical covariates as indicators followed by
     * {@code numeric}.
     */
    public static AdjustedAssociation of(Series s, Covariates numeric, double[] height,
                                         SpearmanBootstrap.Settings bootstrap) {
        return of(s.scanIds().toArray(String[]::new), s.age(), s.male(), s.values(),
                Covariates.categorical(s.covariates()).and(numeric), height, bootstrap);
    }

    /** The age:male coefficient of {@code value ~ age + male + age:male + covariates}. */
    public static Estimate<Coefficient> ageBySex(double[] age, boolean[] male, double[] values,
                                                 Covariates covariates) {
        if (!bothSexes(male)) {
            return Estimate.none("one sex only: no age x sex interaction");
        }
        double[] m = Covariates.indicator("male", male).columns().get(0);
        double[] product = new double[age.length];
        for (int i = 0; i < product.length; i++) {
            product[i] = age[i] * m[i];
        }
        List<double[]> columns = new ArrayList<>(List.of(age, m, product));
        columns.addAll(covariates.columns());
        List<String> names = new ArrayList<>(List.of("age", "male", AGE_BY_SEX));
        names.addAll(covariates.names());
        return LeastSquares.fit(values, columns, names).map(model -> Coefficient.of(model.fit(), AGE_BY_SEX));
    }

    private static boolean bothSexes(boolean[] male) {
        boolean anyMale = false;
        boolean anyFemale = false;
        for (boolean b : male) {
            anyMale |= b;
            anyFemale |= !b;
        }
        return anyMale && anyFemale;
    }
}
