package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ComBat and the harmonisation check against sva 3.46 and base R (test-resources/golden/harmonization/
 * make_fixtures.R): 12 features x 300 samples in three batches with planted location and scale shifts, age and
 * sex protected; both priors, mean only, missing values, a single-sample batch, a feature constant in a batch.
 */
class ComBatRGoldenTest {
    /** gamma.hat and delta.hat are closed form. */
    private static final double CLOSED_FORM = 1e-9;
    /** The harmonised values and the empirical Bayes estimates (the parametric ones iterated). */
    private static final double EMPIRICAL_BAYES = 1e-9;
    private static final Golden FIXTURES = Golden.in("harmonization");
    private static final Golden.Table INPUT = FIXTURES.table("combat_input.csv");
    private static final JsonNode R = FIXTURES.json("combat_expected.json");

    static Stream<String> cases() {
        List<String> names = new ArrayList<>();
        R.fieldNames().forEachRemaining(names::add);
        return names.stream().filter(n -> !n.equals("check"));
    }

    /** The features x samples matrix of the first {@code features} features. */
    static double[][] data(int features) {
        double[][] data = new double[features][];
        for (int f = 0; f < features; f++) {
            data[f] = INPUT.numbers("f" + (f + 1));
        }
        return data;
    }

    static double[][] ageAndMale() {
        double[] age = INPUT.numbers("age");
        double[] male = INPUT.numbers("male");
        double[][] design = new double[age.length][];
        for (int i = 0; i < age.length; i++) {
            design[i] = new double[] {age[i], male[i]};
        }
        return design;
    }

    /** The case's input, modified as make_fixtures.R does. */
    private static ComBat.Result run(String name) {
        JsonNode c = R.get(name);
        double[][] data = data(c.get("features").asInt());
        String[] batch = INPUT.strings("batch");
        if (c.has("input_missing")) {
            c.get("input_missing").forEach(cell -> data[cell.get(0).asInt()][cell.get(1).asInt()] = Double.NaN);
        }
        if (name.equals("singleton")) {
            batch[0] = "D";
        }
        if (c.has("constant_feature")) {
            int f = c.get("constant_feature").asInt();
            for (int i = 0; i < batch.length; i++) {
                data[f][i] = batch[i].equals("B") ? 30 : data[f][i];
            }
        }
        ComBat.Prior prior = c.get("par_prior").asBoolean() ? ComBat.Prior.PARAMETRIC : ComBat.Prior.NONPARAMETRIC;
        Estimate<ComBat.Result> r = ComBat.harmonise(data, batch, ageAndMale(), prior,
                c.get("mean_only_requested").asBoolean());
        assertTrue(r.present(), name + ": " + r.reason());
        return r.value();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void harmonisedDataMatchSva(String name) {
        JsonNode c = R.get(name);
        ComBat.Result r = run(name);
        assertEquals(c.get("batches").size(), r.batches().size(), name);
        for (int b = 0; b < r.batches().size(); b++) {
            assertEquals(c.get("batches").get(b).asText(), r.batches().get(b));
            assertEquals(c.get("n_batches").get(b).asInt(), r.batchSizes()[b]);
        }
        assertEquals(c.get("mean_only").asBoolean(), r.meanOnly(), name + " mean only");
        Golden.close(c.get("harmonised"), r.harmonised(), EMPIRICAL_BAYES, name + " harmonised");
        Golden.close(c.get("gamma_hat"), r.gammaHat(), CLOSED_FORM, name + " gamma.hat");
        Golden.close(c.get("delta_hat"), r.deltaHat(), CLOSED_FORM, name + " delta.hat");
        Golden.close(c.get("gamma_star"), r.gammaStar(), EMPIRICAL_BAYES, name + " gamma.star");
        Golden.close(c.get("delta_star"), r.deltaStar(), EMPIRICAL_BAYES, name + " delta.star");
    }

    @Test
    void aFeatureConstantInABatchIsLeftAsItWas() {
        ComBat.Result r = run("constant_in_a_batch");
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, r.adjustedFeatures());
        double[] before = data(6)[5];
        String[] batch = INPUT.strings("batch");
        for (int i = 0; i < batch.length; i++) {
            assertEquals(batch[i].equals("B") ? 30 : before[i], r.value(5, i));
        }
    }

    @Test
    void missingValuesStayMissing() {
        ComBat.Result r = run("missing");
        long missing = Arrays.stream(r.harmonised()).flatMapToDouble(Arrays::stream).filter(Double::isNaN).count();
        assertEquals(R.get("missing").get("input_missing").size(), missing);
    }

    @Test
    void theBatchEffectCheckMatchesR() {
        double[][] before = data(12);
        double[][] after = Golden.matrix(R.get("parametric").get("harmonised"));
        String[] batch = INPUT.strings("batch");
        compare(R.get("check").get("before"), HarmonizationCheck.batchEffects(before, batch, ageAndMale()), "before");
        compare(R.get("check").get("after"), HarmonizationCheck.batchEffects(after, batch, ageAndMale()), "after");
    }

    private static void compare(JsonNode expected, List<Estimate<HarmonizationCheck.BatchEffect>> actual,
                                String what) {
        for (int f = 0; f < actual.size(); f++) {
            HarmonizationCheck.BatchEffect e = actual.get(f).value();
            String at = what + " feature " + f;
            Golden.close(expected.get("f").get(f).asDouble(), e.f(), CLOSED_FORM, at + " F");
            Golden.close(expected.get("f_p").get(f).asDouble(), e.fP(), CLOSED_FORM, at + " F p");
            assertEquals(expected.get("df1").get(f).asInt(), e.df1(), at);
            assertEquals(expected.get("df2").get(f).asInt(), e.df2(), at);
            Golden.close(expected.get("kruskal").get(f).asDouble(), e.kruskalWallis().statistic(), CLOSED_FORM,
                    at + " Kruskal-Wallis");
            Golden.close(expected.get("kruskal_p").get(f).asDouble(), e.kruskalWallis().pValue(), CLOSED_FORM,
                    at + " Kruskal-Wallis p");
            Golden.close(expected.get("bf").get(f).asDouble(), e.brownForsythe(), CLOSED_FORM, at + " Brown-Forsythe");
            Golden.close(expected.get("bf_p").get(f).asDouble(), e.brownForsytheP(), CLOSED_FORM,
                    at + " Brown-Forsythe p");
        }
    }
}
