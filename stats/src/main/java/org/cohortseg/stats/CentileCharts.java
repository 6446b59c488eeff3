package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The three reference charts of one measure in one sex, and the default among them: the chart whose
 * cross-fitted {@link ChartCalibration} score is lowest (its centiles are closest to nominal on scans it
 * was not fitted to); on a tie the simpler model (gaussian, then quantile, then shash). If no chart can
 * be calibrated (too few scans for the folds), the default is the simplest chart that could be fitted.
 */
public final class CentileCharts {

    private CentileCharts() {
    }

    /** The models, simplest first. */
    public enum Model {
        /** Normal, mean and spread natural splines of age ({@link CentileModel}). */
        GAUSSIAN(CentileModel::fit),
        /** Linear quantile regressions ({@link QuantileChart}). */
        QUANTILE(QuantileChart::fit),
        /** Sinh-arcsinh location-scale-shape ({@link ShashChart}). */
        SHASH(ShashChart::fit);

        private final BiFunction<double[], double[], ? extends Estimate<? extends CentileChart>> fitter;

        Model(BiFunction<double[], double[], ? extends Estimate<? extends CentileChart>> fitter) {
            this.fitter = fitter;
        }

        /** The model's chart fitted to paired ages and values. */
        public Estimate<? extends CentileChart> fit(double[] age, double[] values) {
            return fitter.apply(age, values);
        }

        /** The short name, as {@link CentileChart#model()} gives it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A model's chart on all scans and its cross-fitted calibration. */
    public record Candidate(Model model, Estimate<? extends CentileChart> chart,
                            Estimate<ChartCalibration> calibration) {
    }

    /**
     * One table row per model.
     *
     * @param model the short name
     * @param n scans
     * @param calibrationScore the cross-fitted score, percentage points; null without one
     * @param chosen whether this is the default chart
     * @param description the fit at the median age, or why there is no chart or no score
     */
    public record Row(String model, int n, Double calibrationScore, boolean chosen, String description) {
    }

    /**
     * The candidates and the choice.
     *
     * @param n scans
     * @param medianAge the median age (where the rows describe the fits); null without scans
     * @param candidates one per model, in {@link Model} order
     * @param chosen the default model, or null when no chart could be fitted
     */
    public record Choice(int n, Double medianAge, List<Candidate> candidates, Model chosen) {

        /** The default chart, or why there is none. */
        public Estimate<CentileChart> chart() {
            if (chosen == null) {
                return Estimate.none(candidates.get(0).chart().reason());
            }
            return Estimate.of(candidates.get(chosen.ordinal()).chart().value());
        }

        /** The rows of the model-choice table. */
        public List<Row> rows() {
            List<Row> rows = new ArrayList<>();
            for (Candidate c : candidates) {
                Double score = c.calibration().present() ? c.calibration().value().score() : null;
                rows.add(new Row(c.model().label(), n, score, c.model() == chosen, describe(c)));
            }
            return rows;
        }

        private String describe(Candidate c) {
            if (!c.chart().present()) {
                return c.chart().reason();
            }
            CentileChart chart = c.chart().value();
            String fit;
            if (chart instanceof ShashChart s) {
                fit = s.describe(medianAge);
            } else if (chart instanceof QuantileChart q) {
                fit = q.describe();
            } else {
                fit = String.format(Locale.ROOT, "at age %.1f: median %.6g, 5th-95th centile %.6g-%.6g", medianAge,
                        chart.centile(medianAge, 50), chart.centile(medianAge, 5), chart.centile(medianAge, 95));
            }
            return c.calibration().present() ? fit : fit + "; not calibrated: " + c.calibration().reason();
        }
    }

    /** Fits the three charts to paired ages and values of one sex, calibrates them and picks the default. */
    public static Choice fit(double[] age, double[] values) {
        List<Candidate> candidates = new ArrayList<>();
        Model chosen = null;
        double best = Double.POSITIVE_INFINITY;
        for (Model m : Model.values()) {
            Estimate<? extends CentileChart> chart = m.fit(age, values);
            Estimate<ChartCalibration> calibration = chart.present()
                    ? ChartCalibration.crossFitted(age, values, m::fit)
                    : Estimate.none("no chart: " + chart.reason());
            candidates.add(new Candidate(m, chart, calibration));
            if (calibration.present() && calibration.value().score() < best) {
                best = calibration.value().score();
                chosen = m;
            }
        }
        if (chosen == null) {
            chosen = candidates.stream().filter(c -> c.chart().present()).map(Candidate::model).findFirst()
                    .orElse(null);
        }
        Double medianAge = age.length == 0 ? null : Quantiles.type7(age, 0.5)[0];
        return new Choice(values.length, medianAge, List.copyOf(candidates), chosen);
    }
}
