package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The statistics against R 4.2 (test-resources/golden/stats/make_fixtures.R): cor.test, lm with
 * confint, p.adjust, kruskal.test, splines::ns fits and quantile(type = 7), within 1e-9 relative.
 */
class RGoldenTest {
    private static final double REL = 1e-9;
    private static final Golden FIXTURES = Golden.in("stats");
    private static final JsonNode R = FIXTURES.json("expected.json");
    private static final Map<String, Data> SETS = load();

    record Data(double[] x, double[] y, String[] group, String[] sex) {
    }

    private static Map<String, Data> load() {
        Map<String, Data> sets = new LinkedHashMap<>();
        FIXTURES.table("fixtures.csv").by("set").forEach((name, t) -> sets.put(name,
                new Data(t.numbers("x"), t.numbers("y"), t.strings("group"), t.strings("sex"))));
        return sets;
    }

    static Stream<String> sets() {
        return SETS.keySet().stream();
    }

    private static void close(double expected, double actual, String what) {
        Golden.near(expected, actual, REL, 1e-300, what);
    }

    private static void close(JsonNode expected, double[] actual, String what) {
        Golden.near(expected, actual, REL, 1e-300, what);
    }

    @ParameterizedTest
    @MethodSource("sets")
    void correlationsMatchCorTest(String set) {
        Data d = SETS.get(set);
        JsonNode r = R.get(set);
        Estimate<Correlation> spearman = Correlations.spearman(d.x(), d.y());
        Estimate<Correlation> pearson = Correlations.pearson(d.x(), d.y());
        if (!r.has("spearman_rho")) {
            assertFalse(spearman.present(), set);
            assertEquals("zero variance", spearman.reason());
            assertFalse(pearson.present());
            return;
        }
        close(r.get("spearman_rho").asDouble(), spearman.value().estimate(), set + " rho");
        close(r.get("spearman_p").asDouble(), spearman.value().pValue(), set + " spearman p");
        close(r.get("pearson_r").asDouble(), pearson.value().estimate(), set + " r");
        close(r.get("pearson_p").asDouble(), pearson.value().pValue(), set + " pearson p");
        if (r.has("pearson_ci")) {
            close(r.get("pearson_ci").get(0).asDouble(), pearson.value().ciLow(), set + " ci low");
            close(r.get("pearson_ci").get(1).asDouble(), pearson.value().ciHigh(), set + " ci high");
        }
    }

    @ParameterizedTest
    @MethodSource("sets")
    void regressionsMatchLmAndConfint(String set) {
        Data d = SETS.get(set);
        JsonNode r = R.get(set);
        Estimate<LeastSquares.Model> fit = LeastSquares.fit(d.y(), List.of(d.x()), List.of("age"));
        if (!r.has("ols")) {
            assertFalse(fit.present(), set + ": constant y has no standard errors");
            return;
        }
        LinearFit f = fit.value().fit();
        JsonNode o = r.get("ols");
        close(o.get("coef"), f.coefficients(), set + " coef");
        close(o.get("se"), f.standardErrors(), set + " se");
        close(o.get("t"), f.t(), set + " t");
        close(o.get("p"), f.p(), set + " p");
        close(o.get("ci_low"), f.ciLow(), set + " ci low");
        close(o.get("ci_high"), f.ciHigh(), set + " ci high");
        close(o.get("r2").asDouble(), f.rSquared(), set + " r2");
        if (r.has("ols_sex")) {
            double[] male = Stream.of(d.sex()).mapToDouble(s -> s.equals("M") ? 1 : 0).toArray();
            LinearFit g = LeastSquares.fit(d.y(), List.of(d.x(), male), List.of("age", "male")).value().fit();
            JsonNode os = r.get("ols_sex");
            close(os.get("coef"), g.coefficients(), set + " coef with sex");
            close(os.get("se"), g.standardErrors(), set + " se with sex");
            close(os.get("p"), g.p(), set + " p with sex");
            close(os.get("ci_low"), g.ciLow(), set + " ci low with sex");
            close(os.get("ci_high"), g.ciHigh(), set + " ci high with sex");
        }
    }

    @ParameterizedTest
    @MethodSource("sets")
    void kruskalWallisAndQuantilesMatchR(String set) {
        Data d = SETS.get(set);
        JsonNode r = R.get(set);
        close(r.get("quantile7"), Quantiles.type7(d.y(), 0, 0.05, 0.25, 0.5, 0.75, 0.95, 1), set + " quantiles");
        if (r.has("kruskal_statistic")) {
            KruskalWallis kw = KruskalWallis.test(d.y(), d.group()).value();
            close(r.get("kruskal_statistic").asDouble(), kw.statistic(), set + " H");
            close(r.get("kruskal_p").asDouble(), kw.pValue(), set + " KW p");
        }
    }

    @ParameterizedTest
    @MethodSource("sets")
    void naturalSplinesMatchNs(String set) {
        JsonNode r = R.get(set);
        if (!r.has("ns")) {
            return;
        }
        Data d = SETS.get(set);
        JsonNode ns = r.get("ns");
        double[] knots = Golden.doubles(ns.get("knots"));
        close(ns.get("knots"), Quantiles.type7(d.x(), 0.25, 0.5, 0.75), set + " knots");
        NaturalSpline spline = NaturalSpline.fit(d.x(), d.y(), knots).value();
        for (int i = 0; i < ns.get("grid").size(); i++) {
            double[] p = spline.predict(ns.get("grid").get(i).asDouble());
            close(ns.get("fit").get(i).asDouble(), p[0], set + " spline fit " + i);
            close(ns.get("lwr").get(i).asDouble(), p[1], set + " spline lower " + i);
            close(ns.get("upr").get(i).asDouble(), p[2], set + " spline upper " + i);
        }
    }

    @Test
    void pAdjustMatchesR() {
        JsonNode a = R.get("p_adjust");
        double[] p = Golden.doubles(a.get("p"));
        close(a.get("bonferroni"), MultipleTesting.bonferroni(p), "bonferroni");
        close(a.get("bh"), MultipleTesting.benjaminiHochberg(p), "BH");
    }

    @Test
    void degenerateInputGivesAReasonNotNaN() {
        Estimate<Correlation> tooFew = Correlations.spearman(new double[] {1, 2}, new double[] {3, 4});
        assertEquals("n < 3", tooFew.reason());
        assertTrue(!LeastSquares.fit(new double[] {1, 2}, List.of(new double[] {1, 2}), List.of("x")).present());
        assertArrayEquals(new double[] {5}, Quantiles.type7(new double[] {5}, 0.5));
    }
}
