package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.commons.math3.special.Beta;

/**
 * The batch effect left in each feature, to show a harmonisation at work ("scanner shift removed"): run it on
 * the data before and after {@link ComBat}. Per feature, on its non-missing samples:
 * <ul>
 *   <li>location: the F test of batch added to {@code y ~ covariates}, as R's
 *       {@code anova(lm(y ~ covariates), lm(y ~ covariates + batch))};</li>
 *   <li>location, rank-based: Kruskal-Wallis of the residuals of {@code y ~ covariates} by batch
 *       ({@code kruskal.test});</li>
 *   <li>scale: Brown-Forsythe, the one-way ANOVA of the absolute deviations of the residuals of
 *       {@code y ~ covariates + batch} from their batch medians (car's {@code leveneTest(center = median)} on
 *       those residuals).</li>
 * </ul>
 */
public final class HarmonizationCheck {

    private HarmonizationCheck() {
    }

    /**
     * The batch effect in one feature.
     *
     * @param f F statistic of batch given the covariates
     * @param df1 its numerator degrees of freedom (batches - 1)
     * @param df2 its denominator degrees of freedom
     * @param fP its p-value
     * @param kruskalWallis Kruskal-Wallis of the covariate-adjusted values by batch
     * @param brownForsythe Brown-Forsythe F statistic of scale differences between batches
     * @param brownForsytheP its p-value (batches - 1 and n - batches degrees of freedom)
     */
    public record BatchEffect(double f, int df1, int df2, double fP, KruskalWallis kruskalWallis,
                              double brownForsythe, double brownForsytheP) {
    }

    /**
     * The batch effect of every feature.
     *
     * @param data features x samples; NaN = missing
     * @param batch batch of each sample
     * @param covariates samples x k covariates without intercept (as for {@link ComBat})
     */
    public static List<Estimate<BatchEffect>> batchEffects(double[][] data, String[] batch, double[][] covariates) {
        Covariates all = Covariates.ofRows(covariates);
        List<Estimate<BatchEffect>> out = new ArrayList<>();
        for (double[] row : data) {
            out.add(batchEffect(row, batch, all));
        }
        return out;
    }

    private static Estimate<BatchEffect> batchEffect(double[] row, String[] batch, Covariates covariates) {
        int[] present = IntStream.range(0, row.length).filter(i -> !Double.isNaN(row[i])).toArray();
        double[] y = new double[present.length];
        String[] groups = new String[present.length];
        for (int i = 0; i < present.length; i++) {
            y[i] = row[present[i]];
            groups[i] = batch[present[i]];
        }
        Covariates base = covariates.rows(present);
        Covariates withBatch = base.and(Covariates.dummies("batch", groups));
        int df1 = withBatch.size() - base.size();
        int df2 = y.length - 1 - withBatch.size();
        if (df1 < 1 || df2 < 1) {
            return Estimate.none(df1 < 1 ? "fewer than 2 batches" : "too few samples for the covariates and batches");
        }
        Estimate<double[]> reduced = Regressors.residuals(y, base.columns());
        Estimate<double[]> full = Regressors.residuals(y, withBatch.columns());
        if (!reduced.present() || !full.present()) {
            return Estimate.none(reduced.present() ? full.reason() : reduced.reason());
        }
        double rssReduced = sumOfSquares(reduced.value());
        double rssFull = sumOfSquares(full.value());
        if (!(rssFull > 0)) {
            return Estimate.none("the covariates and batch fit the feature exactly");
        }
        double f = (rssReduced - rssFull) / df1 / (rssFull / df2);
        Estimate<KruskalWallis> kw = KruskalWallis.test(reduced.value(), groups);
        Estimate<double[]> bf = brownForsythe(full.value(), groups);
        if (!kw.present() || !bf.present()) {
            return Estimate.none(kw.present() ? bf.reason() : kw.reason());
        }
        return Estimate.of(new BatchEffect(f, df1, df2, upperTail(f, df1, df2), kw.value(), bf.value()[0],
                bf.value()[1]));
    }

    /** One-way ANOVA F and p of the absolute deviations from the group medians. */
    private static Estimate<double[]> brownForsythe(double[] residuals, String[] groups) {
        Map<String, List<Integer>> members = new TreeMap<>();
        for (int i = 0; i < groups.length; i++) {
            members.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(i);
        }
        double[] z = new double[residuals.length];
        for (List<Integer> m : members.values()) {
            double median = Quantiles.type7(m.stream().mapToDouble(i -> residuals[i]).toArray(), 0.5)[0];
            m.forEach(i -> z[i] = Math.abs(residuals[i] - median));
        }
        double grand = Arrays.stream(z).average().orElseThrow();
        double between = 0;
        double within = 0;
        for (List<Integer> m : members.values()) {
            double mean = m.stream().mapToDouble(i -> z[i]).average().orElseThrow();
            between += m.size() * (mean - grand) * (mean - grand);
            for (int i : m) {
                within += (z[i] - mean) * (z[i] - mean);
            }
        }
        int df1 = members.size() - 1;
        int df2 = z.length - members.size();
        if (!(within > 0)) {
            return Estimate.none("no spread of the absolute deviations within batches");
        }
        double f = between / df1 / (within / df2);
        return Estimate.of(new double[] {f, upperTail(f, df1, df2)});
    }

    private static double sumOfSquares(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return s;
    }

    /** P(F > f) with (df1, df2) degrees of freedom, as the regularised incomplete beta (exact in the far tail). */
    private static double upperTail(double f, int df1, int df2) {
        return Beta.regularizedBeta(df2 / (df2 + df1 * f), df2 / 2.0, df1 / 2.0);
    }
}
