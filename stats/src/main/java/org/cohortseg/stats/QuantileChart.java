package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A distribution-free reference chart: linear quantile regressions on the {@link ChartDesign}
 * ({@link QuantileRegression}: R's {@code rq(y ~ ns(age, knots = age quartiles), tau, method = "br")}) on
 * a grid of levels, so skew and tails are whatever the data show. The median is fitted first, each
 * further level starting from its inner neighbour's vertex.
 *
 * <p>Levels: {@link #TAUS}, each kept only where {@code n * min(tau, 1 - tau) >= 1} (at least one
 * scan expected beyond it): all 13 from n = 200 (the 0.5 and 99.5 centiles), 0.01/0.99 from 100,
 * 0.025/0.975 from 40, and 0.05-0.95 from {@link CentileModel#MIN_N} = 20.
 *
 * <p>At each age the fitted quantiles are rearranged into increasing order (sorted: Chernozhukov,
 * Fernandez-Val and Galichon 2010), so crossing curves never give a non-monotone chart. Between
 * levels the chart is linear in the normal score {@code z = Phi^-1(tau)}; beyond the extreme levels it
 * continues the outermost segment whose ends are not tied (a normal tail with that segment's local
 * spread), so every centile is defined and every value has a finite z-score (clamped to +-{@link #Z_LIMIT}).
 */
public final class QuantileChart implements CentileChart {
    /** The quantile levels fitted where n allows (see the class comment). */
    public static final double[] TAUS = {
        0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975, 0.99, 0.995};
    /** Largest |z-score| reported (a value outside a chart with no spread). */
    public static final double Z_LIMIT = 37.5;
    private static final NormalDistribution NORMAL = new NormalDistribution();
    /** A median fit whose check loss is below this share of sum |y| leaves nothing to chart. */
    private static final double PERFECT_FIT = 1e-11;
    /** Neighbouring quantiles closer than this share of the chart's range are tied (one scan fits both). */
    private static final double TIED = 1e-9;
    private final ChartDesign design;
    private final double[] taus;
    private final double[] scores;
    private final double[][] coefficients;

    private QuantileChart(ChartDesign design, double[] taus, double[][] coefficients) {
        this.design = design;
        this.taus = taus;
        this.coefficients = coefficients;
        scores = Arrays.stream(taus).map(NORMAL::inverseCumulativeProbability).toArray();
    }

    /** The levels {@link #fit} uses for n scans. */
    public static double[] taus(int n) {
        return Arrays.stream(TAUS).filter(t -> n * Math.min(t, 1 - t) >= 1).toArray();
    }

    /** Fits the chart to paired ages and values of one sex. */
    public static Estimate<QuantileChart> fit(double[] age, double[] values) {
        Estimate<ChartDesign> chartDesign = ChartDesign.of(age, values.length);
        if (!chartDesign.present()) {
            return Estimate.none(chartDesign.reason());
        }
        double[][] design = chartDesign.value().rows();
        double[] taus = taus(values.length);
        double[][] coefficients = new double[taus.length][];
        int middle = Arrays.binarySearch(taus, 0.5);
        Estimate<QuantileRegression.Fit> median = QuantileRegression.fit(design, values, 0.5);
        if (!median.present()) {
            return Estimate.none(median.reason());
        }
        double scale = Arrays.stream(values).map(Math::abs).sum();
        if (median.value().objective() <= PERFECT_FIT * scale) {
            return Estimate.none("perfect fit (every value on the median curve): no spread to chart");
        }
        coefficients[middle] = median.value().coefficients();
        for (int direction : new int[] {-1, 1}) {
            int[] start = median.value().vertex();
            for (int t = middle + direction; t >= 0 && t < taus.length; t += direction) {
                Estimate<QuantileRegression.Fit> f = QuantileRegression.fit(design, values, taus[t], start);
                if (!f.present()) {
                    return Estimate.none("tau " + taus[t] + ": " + f.reason());
                }
                coefficients[t] = f.value().coefficients();
                start = f.value().vertex();
            }
        }
        return Estimate.of(new QuantileChart(chartDesign.value(), taus, coefficients));
    }

    /** The fitted levels. */
    public double[] taus() {
        return taus.clone();
    }

    /** The fitted quantiles at an age, one per level, rearranged into increasing order. */
    public double[] quantiles(double age) {
        double[] row = design.row(age);
        double[] q = new double[taus.length];
        for (int t = 0; t < taus.length; t++) {
            for (int m = 0; m < row.length; m++) {
                q[t] += row[m] * coefficients[t][m];
            }
        }
        Arrays.sort(q);
        return q;
    }

    @Override
    public double centile(double age, double percent) {
        double z = NORMAL.inverseCumulativeProbability(percent / 100);
        double[] q = quantiles(age);
        int last = q.length - 1;
        if (z <= scores[0]) {
            return q[0] + (z - scores[0]) * tailSlope(q, true);
        }
        if (z >= scores[last]) {
            return q[last] + (z - scores[last]) * tailSlope(q, false);
        }
        int i = 0;
        while (scores[i + 1] < z) {
            i++;
        }
        double f = (z - scores[i]) / (scores[i + 1] - scores[i]);
        return q[i] + f * (q[i + 1] - q[i]);
    }

    @Override
    public double centileOf(double age, double value) {
        return 100 * NORMAL.cumulativeProbability(zScore(age, value));
    }

    /**
     * The normal score of a value: the inverse of {@link #centile} in z; a value equal to a run of tied
     * quantiles takes the middle of their scores.
     */
    @Override
    public double zScore(double age, double value) {
        double[] q = quantiles(age);
        int below = 0;
        while (below < q.length && q[below] < value) {
            below++;
        }
        int notAbove = below;
        while (notAbove < q.length && q[notAbove] == value) {
            notAbove++;
        }
        double z;
        if (notAbove > below) {
            z = (scores[below] + scores[notAbove - 1]) / 2;
        } else if (below == 0) {
            z = scores[0] - (q[0] - value) / tailSlope(q, true);
        } else if (below == q.length) {
            z = scores[below - 1] + (value - q[below - 1]) / tailSlope(q, false);
        } else {
            double f = (value - q[below - 1]) / (q[below] - q[below - 1]);
            z = scores[below - 1] + f * (scores[below] - scores[below - 1]);
        }
        return Math.max(-Z_LIMIT, Math.min(Z_LIMIT, z));
    }

    /**
     * Slope (value per unit z) of the outermost segment whose quantiles are not tied (extreme levels often
     * share the scan they interpolate); 0 when all quantiles tie.
     */
    private double tailSlope(double[] q, boolean lower) {
        int last = q.length - 1;
        double tied = TIED * (q[last] - q[0]);
        for (int s = 0; s < last; s++) {
            int i = lower ? s : last - 1 - s;
            if (q[i + 1] - q[i] > tied) {
                return (q[i + 1] - q[i]) / (scores[i + 1] - scores[i]);
            }
        }
        return 0;
    }

    @Override
    public String model() {
        return "quantile";
    }

    /** A one-line description: the levels fitted. */
    public String describe() {
        List<String> levels = new ArrayList<>();
        for (double t : taus) {
            levels.add(String.format(Locale.ROOT, "%.1f", 100 * t));
        }
        return "linear quantile regressions at centiles " + String.join(", ", levels);
    }
}
