package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** The charts' behaviour (inverses, tails, derivatives), the calibration choice and degenerate input. */
class CentileChartsTest {
    private static final NormalDistribution NORMAL = new NormalDistribution();

    /** n scans, ages uniform on 18-95, values normal around a quadratic with spread growing with age. */
    private static double[][] normal(int n, long seed) {
        Random random = new Random(seed);
        double[][] d = new double[2][n];
        for (int i = 0; i < n; i++) {
            d[0][i] = 18 + 77 * random.nextDouble();
            d[1][i] = 900 + 0.05 * (d[0][i] - 55) * (d[0][i] - 55) + (20 + 0.4 * d[0][i]) * random.nextGaussian();
        }
        return d;
    }

    @Test
    void everyChartInvertsItsCentilesAndItsZScoresAreNormalScores() {
        double[][] d = CentileChartsRGoldenTest.set("skewed_n800");
        List<CentileChart> charts = List.of(CentileModel.fit(d[0], d[1]).value(), QuantileChart.fit(d[0], d[1]).value(),
                ShashChart.fit(d[0], d[1]).value());
        for (CentileChart chart : charts) {
            for (double age : new double[] {20, 47.3, 90}) {
                double previous = Double.NEGATIVE_INFINITY;
                for (double p : new double[] {0.1, 0.5, 1, 3, 5, 17, 50, 83, 95, 99.5, 99.9}) {
                    double value = chart.centile(age, p);
                    assertTrue(value > previous, chart.model() + ": centiles increase");
                    previous = value;
                    assertEquals(p, chart.centileOf(age, value), 1e-9 * 100, chart.model() + " centileOf at " + p);
                    assertEquals(NORMAL.inverseCumulativeProbability(p / 100), chart.zScore(age, value), 1e-8,
                            chart.model() + " z at " + p);
                }
            }
        }
        assertEquals(List.of("gaussian", "quantile", "shash"), charts.stream().map(CentileChart::model).toList());
    }

    @Test
    void extremeValuesHaveFiniteZScores() {
        double[][] d = CentileChartsRGoldenTest.set("heavy_n1200");
        for (CentileChart chart : List.of(QuantileChart.fit(d[0], d[1]).value(), ShashChart.fit(d[0], d[1]).value())) {
            assertEquals(QuantileChart.Z_LIMIT, chart.zScore(50, 1e300), chart.model());
            assertEquals(-QuantileChart.Z_LIMIT, chart.zScore(50, -1e300), chart.model());
            assertEquals(100, chart.centileOf(50, 1e300), chart.model());
        }
    }

    @Test
    void quantileLevelsFollowTheSampleSize() {
        assertEquals(13, QuantileChart.taus(200).length);
        assertEquals(11, QuantileChart.taus(199).length);
        assertEquals(9, QuantileChart.taus(40).length);
        assertEquals(7, QuantileChart.taus(20).length);
        double[][] d = CentileChartsRGoldenTest.set("normal_n50");
        QuantileChart chart = QuantileChart.fit(d[0], d[1]).value();
        assertEquals(0.025, chart.taus()[0]);
        double[] q = chart.quantiles(60);
        double z025 = NORMAL.inverseCumulativeProbability(0.025);
        double slope = (q[1] - q[0]) / (NORMAL.inverseCumulativeProbability(0.05) - z025);
        double z = NORMAL.inverseCumulativeProbability(0.005);
        assertEquals(q[0] + (z - z025) * slope, chart.centile(60, 0.5), 1e-9,
                "below the lowest level the outermost segment continues in z");
    }

    @Test
    void shashGradientAndHessianAreExact() {
        double[][] d = CentileChartsRGoldenTest.set("skewed_n800");
        ChartDesign design = ChartDesign.of(d[0], d[0].length).value();
        double[] scaled = Arrays.stream(d[0]).map(design::scaled).toArray();
        ShashLikelihood f = new ShashLikelihood(design.rows(), scaled, d[1]);
        double[] theta = {1300, -150, -200, -350, -250, 4.2, 0.3, 0.35, -0.2};
        ShashLikelihood.Evaluation at = f.evaluate(theta, true);
        for (int a = 0; a < theta.length; a++) {
            double h = 1e-6 * Math.max(1, Math.abs(theta[a]));
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[a] += h;
            down[a] -= h;
            ShashLikelihood.Evaluation fu = f.evaluate(up, true);
            ShashLikelihood.Evaluation fd = f.evaluate(down, true);
            double gradient = (fu.value() - fd.value()) / (2 * h);
            assertEquals(gradient, at.gradient()[a], 1e-5 * Math.max(1, Math.abs(gradient)), "gradient " + a);
            for (int b = 0; b < theta.length; b++) {
                double second = (fu.gradient()[b] - fd.gradient()[b]) / (2 * h);
                assertEquals(second, at.hessian()[a][b], 1e-5 * Math.max(1, Math.abs(second)),
                        "hessian " + a + "," + b);
            }
        }
    }

    @Test
    void calibrationPicksASkewAwareChartForSkewedData() {
        double[][] d = CentileChartsRGoldenTest.set("lognormal_n2500");
        CentileCharts.Choice choice = CentileCharts.fit(d[0], d[1]);
        assertNotEquals(CentileCharts.Model.GAUSSIAN, choice.chosen());
        List<CentileCharts.Row> rows = choice.rows();
        assertEquals(List.of("gaussian", "quantile", "shash"), rows.stream().map(CentileCharts.Row::model).toList());
        assertEquals(1, rows.stream().filter(CentileCharts.Row::chosen).count());
        CentileCharts.Row chosen = rows.stream().filter(CentileCharts.Row::chosen).findFirst().orElseThrow();
        assertTrue(chosen.calibrationScore() < 2, "chosen chart near nominal: " + chosen);
        assertTrue(rows.get(0).calibrationScore() > chosen.calibrationScore() + 1, "the normal chart misses the skew");
        assertTrue(rows.get(2).description().contains("epsilon"), rows.get(2).description());
        assertTrue(((ShashChart) choice.candidates().get(2).chart().value()).epsilon() > 0.3, "right skew");
        assertEquals(choice.chosen().label(), choice.chart().value().model());
    }

    @Test
    void calibrationOfSymmetricDataIsNearNominal() {
        double[][] d = normal(2500, 11);
        CentileCharts.Choice choice = CentileCharts.fit(d[0], d[1]);
        ChartCalibration c = choice.candidates().get(choice.chosen().ordinal()).calibration().value();
        assertTrue(c.score() < 2, "score " + c.score());
        assertEquals(2500, Arrays.stream(c.bandCounts()).sum());
        for (CentileCharts.Candidate candidate : choice.candidates()) {
            assertTrue(candidate.calibration().value().score() < 2, candidate.model() + " on normal data");
        }
    }

    @Test
    void crossFittingUsesEveryScanOnceAndOnlyOutOfFold() {
        double[][] d = normal(103, 5);
        int[] fits = {0};
        ChartCalibration c = ChartCalibration.crossFitted(d[0], d[1], (age, values) -> {
            fits[0]++;
            assertEquals(103 - (103 - (fits[0] - 1) + 4) / 5, values.length, "fold " + fits[0] + " trains on the rest");
            return CentileModel.fit(age, values);
        }).value();
        assertEquals(ChartCalibration.FOLDS, fits[0]);
        assertEquals(103, Arrays.stream(c.bandCounts()).sum());
        assertEquals(4, c.observed().length);
    }

    @Test
    void degenerateDataHaveNoChart() {
        double[] age = normal(100, 1)[0];
        double[] constant = new double[100];
        Arrays.fill(constant, 7);
        CentileCharts.Choice flat = CentileCharts.fit(age, constant);
        assertNull(flat.chosen());
        assertFalse(flat.chart().present());
        for (CentileCharts.Candidate c : flat.candidates()) {
            assertFalse(c.chart().present(), c.model().label());
            assertFalse(c.calibration().present());
        }
        assertTrue(flat.rows().stream().allMatch(r -> r.calibrationScore() == null && !r.chosen()));
        double[] sameAge = new double[100];
        Arrays.fill(sameAge, 50);
        for (CentileCharts.Model m : CentileCharts.Model.values()) {
            assertFalse(m.fit(sameAge, normal(100, 2)[1]).present(), m.label() + ": no age range");
            assertEquals("n < 20: too few for reference centiles", m.fit(new double[19], new double[19]).reason());
        }
        CentileCharts.Choice none = CentileCharts.fit(new double[0], new double[0]);
        assertNull(none.medianAge());
        assertFalse(none.chart().present());
    }

    @Test
    void tooFewScansForTheFoldsFallBackToTheSimplestChart() {
        double[][] d = normal(22, 3);
        CentileCharts.Choice choice = CentileCharts.fit(d[0], d[1]);
        assertEquals(CentileCharts.Model.GAUSSIAN, choice.chosen());
        assertTrue(choice.candidates().stream().noneMatch(c -> c.calibration().present()));
        assertTrue(choice.rows().get(0).description().contains("not calibrated"), choice.rows().get(0).description());
    }

    @Test
    void quantileRegressionRejectsDegenerateDesigns() {
        double[][] collinear = new double[30][];
        double[] y = new double[30];
        for (int i = 0; i < 30; i++) {
            collinear[i] = new double[] {1, i, 2 * i};
            y[i] = i % 7;
        }
        assertFalse(QuantileRegression.fit(collinear, y, 0.5).present());
        assertEquals("n = 2 is not larger than the 2 coefficients",
                QuantileRegression.fit(new double[][] {{1, 0}, {1, 1}}, new double[] {1, 2}, 0.5).reason());
    }

    @Test
    void interceptOnlyQuantileIsAnOrderStatistic() {
        double[][] x = new double[9][];
        double[] y = {5, 1, 9, 3, 7, 2, 8, 4, 6};
        for (int i = 0; i < 9; i++) {
            x[i] = new double[] {1};
        }
        assertEquals(5, QuantileRegression.fit(x, y, 0.5).value().coefficients()[0]);
        assertEquals(3, QuantileRegression.fit(x, y, 0.3).value().coefficients()[0]);
        double[] flat = new double[9];
        QuantileRegression.Fit fit = QuantileRegression.fit(x, flat, 0.25).value();
        assertEquals(0, fit.objective());
    }
}
