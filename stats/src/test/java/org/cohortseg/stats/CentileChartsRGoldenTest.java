package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference charts against R 4.2 (test-resources/golden/centiles/make_fixtures.R): quantile
 * regressions against {@code quantreg::rq(method = "br")} within 1e-9 relative (fitted values on a grid
 * of ages and the objective), the quantile chart's rearranged curves against the sorted rq fits, and shash
 * charts against mgcv's optimum of {@code gam(family = shash)} within 1e-9 (measured: about 1e-11; plain gam
 * stops up to 2.4e-6 short of it on coefficients, 2e-8 on centiles, see make_fixtures.R).
 */
class CentileChartsRGoldenTest {
    private static final double LP = 1e-9;
    private static final double ITERATIVE = 1e-9;
    private static final Golden FIXTURES = Golden.in("centiles");
    private static final JsonNode R = FIXTURES.json("expected.json");
    private static final Map<String, double[][]> SETS = load();

    /** Each set as {age, y}. */
    private static Map<String, double[][]> load() {
        Map<String, double[][]> sets = new LinkedHashMap<>();
        FIXTURES.table("data.csv").by("set").forEach((name, t) -> sets.put(name,
                new double[][] {t.numbers("age"), t.numbers("y")}));
        return sets;
    }

    /** The data sets by name (also used by the calibration tests). */
    static double[][] set(String name) {
        return SETS.get(name);
    }

    static Stream<String> sets() {
        return SETS.keySet().stream();
    }

    private static void close(double expected, double actual, double rel, String what) {
        Golden.near(expected, actual, rel, 1e-300, what);
    }

    @ParameterizedTest
    @MethodSource("sets")
    void quantileRegressionsMatchRqBr(String set) {
        double[] age = SETS.get(set)[0];
        double[] y = SETS.get(set)[1];
        JsonNode r = R.get(set);
        double[] knots = Quantiles.type7(age, 0.25, 0.5, 0.75);
        double[] rKnots = Golden.doubles(r.get("knots"));
        for (int i = 0; i < 3; i++) {
            close(rKnots[i], knots[i], LP, set + " knot " + i);
        }
        ChartDesign design = ChartDesign.of(age, age.length).value();
        double[] grid = Golden.doubles(r.get("grid"));
        double[] taus = QuantileChart.taus(age.length);
        assertEquals(r.get("rq").size(), taus.length, set + ": the levels kept");
        Iterator<JsonNode> fits = r.get("rq").elements();
        for (double tau : taus) {
            JsonNode expected = fits.next();
            assertEquals(expected.get("tau").asDouble(), tau);
            QuantileRegression.Fit fit = QuantileRegression.fit(design.rows(), y, tau).value();
            String what = set + " tau " + tau;
            close(expected.get("objective").asDouble(), fit.objective(), LP, what + " objective");
            if (expected.get("nonunique").asBoolean()) {
                continue;
            }
            double[] fitted = Golden.doubles(expected.get("fitted"));
            for (int g = 0; g < grid.length; g++) {
                close(fitted[g], fit.predict(design.row(grid[g])), LP, what + " fitted at " + grid[g]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sets")
    void quantileChartsAreTheSortedRqFits(String set) {
        JsonNode r = R.get(set);
        QuantileChart chart = QuantileChart.fit(SETS.get(set)[0], SETS.get(set)[1]).value();
        double[] grid = Golden.doubles(r.get("grid"));
        for (int g = 0; g < grid.length; g++) {
            double[] expected = new double[r.get("rq").size()];
            int t = 0;
            for (JsonNode fit : r.get("rq")) {
                expected[t++] = fit.get("fitted").get(g).asDouble();
            }
            Arrays.sort(expected);
            double[] actual = chart.quantiles(grid[g]);
            double[] taus = chart.taus();
            for (t = 0; t < expected.length; t++) {
                close(expected[t], actual[t], LP, set + " rearranged quantile " + t + " at " + grid[g]);
                close(expected[t], chart.centile(grid[g], 100 * taus[t]), LP, set + " centile " + taus[t]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sets")
    void shashChartsMatchMgcv(String set) {
        JsonNode r = R.get(set).get("shash");
        ShashChart chart = ShashChart.fit(SETS.get(set)[0], SETS.get(set)[1]).value();
        close(r.get("penalised_loglik").asDouble(), chart.penalisedLogLikelihood(), ITERATIVE, set + " loglik");
        double[] scale = Golden.doubles(r.get("scale_coef"));
        close(scale[0], chart.scaleCoefficients()[0], ITERATIVE, set + " scale intercept");
        close(scale[1], chart.scaleCoefficients()[1], ITERATIVE, set + " scale slope");
        close(r.get("epsilon").asDouble(), chart.epsilon(), ITERATIVE, set + " epsilon");
        close(r.get("phi").asDouble(), chart.phi(), ITERATIVE, set + " phi");
        double[] grid = Golden.doubles(R.get(set).get("grid"));
        double[] percents = Golden.doubles(r.get("percents"));
        for (int g = 0; g < grid.length; g++) {
            close(r.get("mu").get(g).asDouble(), chart.mu(grid[g]), ITERATIVE, set + " mu " + g);
            close(r.get("sigma").get(g).asDouble(), chart.sigma(grid[g]), ITERATIVE, set + " sigma " + g);
            for (int c = 0; c < percents.length; c++) {
                close(r.get("centiles").get(g).get(c).asDouble(), chart.centile(grid[g], percents[c]), ITERATIVE,
                        set + " centile " + percents[c] + " at " + grid[g]);
            }
        }
        double[] centileOf = Golden.doubles(r.get("centile_of_first10"));
        for (int i = 0; i < centileOf.length; i++) {
            close(centileOf[i], chart.centileOf(SETS.get(set)[0][i], SETS.get(set)[1][i]), ITERATIVE,
                    set + " centileOf " + i);
        }
    }
}
