package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The longitudinal mixed model against lme4 1.1-31 and lmerTest 3.1-3
 * (test-resources/golden/longitudinal/make_fixtures.R): estimates, SEs, t, the REML criterion, theta,
 * Satterthwaite df, the random-effect SDs, their correlation and sigma within 1e-6 relative (1e-6 absolute
 * for a theta at its boundary 0), p within 1e-4. Both sides are the optimum itself (the fixtures polish
 * lmer's theta), so they agree to about 1e-9; see make_fixtures.R for how far lmer's default stop is.
 */
class LongitudinalRGoldenTest {
    private static final double REL = 1e-6;
    private static final double P_TOLERANCE = 1e-4;
    private static final Golden FIXTURES = Golden.in("longitudinal");
    private static final JsonNode R = FIXTURES.json("expected.json");
    private static final Map<String, List<LongitudinalObservation>> SETS = load();

    private static Map<String, List<LongitudinalObservation>> load() {
        Map<String, List<LongitudinalObservation>> sets = new LinkedHashMap<>();
        FIXTURES.table("observations.csv").by("set").forEach((name, t) -> sets.put(name, t.rows().stream()
                .map(r -> new LongitudinalObservation(r.get("subject"), Double.parseDouble(r.get("age")),
                        r.get("sex").equals("M"), Double.parseDouble(r.get("value"))))
                .collect(Collectors.toCollection(ArrayList::new))));
        return sets;
    }

    static Stream<String> sets() {
        return SETS.keySet().stream();
    }

    private static void close(double expected, double actual, double rel, String what) {
        Golden.near(expected, actual, rel, 0, what);
    }

    private static void close(JsonNode expected, double[] actual, double rel, String what) {
        Golden.near(expected, actual, rel, 0, what);
    }

    private static void probabilities(JsonNode expected, double[] actual, String what) {
        for (int i = 0; i < actual.length; i++) {
            assertEquals(expected.get(i).asDouble(), actual[i], P_TOLERANCE, what + "[" + i + "]");
        }
    }

    @ParameterizedTest
    @MethodSource("sets")
    void fitMatchesLmerAndLmerTest(String set) {
        JsonNode r = R.get(set);
        MixedModel model = LongitudinalEffects.fit(SETS.get(set)).value();
        MixedModelFit f = model.summary();
        assertEquals(r.get("subjects").asInt(), f.subjects());
        assertEquals(r.get("observations").asInt(), f.observations());
        assertEquals(List.of("(Intercept)", "baseline_age", "years_since_baseline", "sexM"),
                Stream.of(r.get("terms")).flatMap(t -> Stream.of(t.get(0), t.get(1), t.get(2), t.get(3)))
                        .map(JsonNode::asText).toList());
        assertEquals(List.of("(Intercept)", "baseline_age", "years_since_baseline", "male"), f.terms());
        close(r.get("estimate"), f.estimates(), REL, set + " estimate");
        close(r.get("se"), f.standardErrors(), REL, set + " se");
        close(r.get("t"), f.t(), REL, set + " t");
        close(r.get("df"), f.df(), REL, set + " df");
        probabilities(r.get("p"), f.p(), set + " p");
        close(r.get("reml").asDouble(), f.remlCriterion(), REL, set + " REML criterion");
        close(r.get("sigma").asDouble(), f.residualSd(), REL, set + " sigma");
        close(r.get("sd_intercept").asDouble(), f.interceptSd(), REL, set + " intercept SD");
        close(r.get("sd_slope").asDouble(), f.slopeSd(), REL, set + " slope SD");
        double[] theta = model.theta();
        for (int k = 0; k < theta.length; k++) {
            double expected = r.get("theta").get(k).asDouble();
            assertEquals(expected, theta[k], Math.max(REL * Math.abs(expected), 1e-6), set + " theta " + k);
        }
        if (r.has("correlation")) {
            close(r.get("correlation").asDouble(), f.correlation(), REL, set + " correlation");
        } else {
            assertNull(f.correlation(), set + " correlation");
        }
        assertEquals(r.get("singular").asBoolean(), f.singular(), set + " singular");
        JsonNode d = r.get("difference");
        Contrast c = model.contrast(new double[] {0, -1, 1, 0});
        close(d.get("estimate").asDouble(), c.estimate(), REL, set + " difference");
        close(d.get("se").asDouble(), c.standardError(), REL, set + " difference se");
        close(d.get("df").asDouble(), c.df(), REL, set + " difference df");
        assertEquals(d.get("p").asDouble(), c.p(), P_TOLERANCE, set + " difference p");
    }
}
