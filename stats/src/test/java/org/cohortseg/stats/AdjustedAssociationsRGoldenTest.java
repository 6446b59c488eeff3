package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The adjusted associations against R 4.2 (test-resources/golden/harmonization/make_fixtures.R), within 1e-9
 * relative: the partial Spearman correlation by ppcor's definition computed in base R (all variables ranked,
 * inverse correlation matrix), {@code lm}/{@code confint} of the age x sex interaction and of the allometric
 * exponent, and {@code cor.test(method = "spearman")} of age with the height-normalised volume.
 */
class AdjustedAssociationsRGoldenTest {
    private static final double REL = 1e-9;
    private static final Golden FIXTURES = Golden.in("harmonization");
    private static final Golden.Table INPUT = FIXTURES.table("assoc_input.csv");
    private static final JsonNode R = FIXTURES.json("assoc_expected.json");

    /** The first n subjects. */
    private record Subjects(String[] ids, double[] age, boolean[] male, double[] volume, double[] height,
                            String[] scanner, double[] bmi) {
        static Subjects first(int n) {
            return new Subjects(Arrays.copyOf(INPUT.strings("id"), n), Arrays.copyOf(INPUT.numbers("age"), n),
                    male(Arrays.copyOf(INPUT.numbers("male"), n)), Arrays.copyOf(INPUT.numbers("volume"), n),
                    Arrays.copyOf(INPUT.numbers("height"), n), Arrays.copyOf(INPUT.strings("scanner"), n),
                    Arrays.copyOf(INPUT.numbers("bmi"), n));
        }

        private static boolean[] male(double[] m) {
            boolean[] out = new boolean[m.length];
            IntStream.range(0, m.length).forEach(i -> out[i] = m[i] == 1);
            return out;
        }

        Covariates scannerAndBmi() {
            return Covariates.dummies("scanner", scanner).and(Covariates.numeric("bmi", bmi));
        }
    }

    static Stream<String> sets() {
        return Stream.of("n400", "n25");
    }

    @ParameterizedTest
    @MethodSource("sets")
    void partialSpearmanMatchesPpcorsDefinition(String set) {
        JsonNode r = R.get(set);
        Subjects s = Subjects.first(r.get("n").asInt());
        PartialCorrelation sex = PartialSpearman.test(s.age(), s.volume(), Covariates.indicator("male", s.male()))
                .value();
        compare(r.get("partial_sex"), sex, set + " given sex");
        AdjustedAssociation a = AdjustedAssociations.of(s.ids(), s.age(), s.male(), s.volume(), s.scannerAndBmi(),
                s.height(), null);
        assertEquals(List.of("male", "scanner=Philips", "scanner=Siemens", "bmi"), a.adjustedFor());
        compare(r.get("partial_full"), a.partialSpearman().value(), set + " given sex, scanner and bmi");
    }

    private static void compare(JsonNode r, PartialCorrelation p, String what) {
        Golden.close(r.get("estimate").asDouble(), p.estimate(), REL, what + " estimate");
        Golden.close(r.get("statistic").asDouble(), p.statistic(), REL, what + " t");
        Golden.close(r.get("p").asDouble(), p.pValue(), REL, what + " p");
        assertEquals(r.get("k").asInt(), p.covariates(), what);
    }

    @ParameterizedTest
    @MethodSource("sets")
    void ageBySexInteractionMatchesLm(String set) {
        JsonNode r = R.get(set);
        Subjects s = Subjects.first(r.get("n").asInt());
        compare(r.get("interaction"), AdjustedAssociations.ageBySex(s.age(), s.male(), s.volume(), Covariates.none())
                .value(), set + " age:male");
        AdjustedAssociation a = AdjustedAssociations.of(s.ids(), s.age(), s.male(), s.volume(), s.scannerAndBmi(),
                null, null);
        compare(r.get("interaction_full"), a.ageBySex().value(), set + " age:male with covariates");
        assertEquals("no body height", a.allometry().reason());
    }

    @ParameterizedTest
    @MethodSource("sets")
    void allometryMatchesLmAndCorTest(String set) {
        JsonNode r = R.get(set);
        Subjects s = Subjects.first(r.get("n").asInt());
        Allometry a = AdjustedAssociations.of(s.ids(), s.age(), s.male(), s.volume(), s.scannerAndBmi(), s.height(),
                null).allometry().value();
        compare(r.get("allometry"), a.exponent(), set + " exponent");
        Correlation rs = a.normalisedAgeSpearman().value();
        Golden.close(r.get("normalised_spearman").get("estimate").asDouble(), rs.estimate(), REL, set + " rs");
        Golden.close(r.get("normalised_spearman").get("p").asDouble(), rs.pValue(), REL, set + " rs p");
    }

    private static void compare(JsonNode r, Coefficient c, String what) {
        Golden.close(r.get("estimate").asDouble(), c.estimate(), REL, what);
        Golden.close(r.get("se").asDouble(), c.standardError(), REL, what + " se");
        Golden.close(r.get("t").asDouble(), c.t(), REL, what + " t");
        Golden.close(r.get("p").asDouble(), c.pValue(), REL, what + " p");
        Golden.close(r.get("ci_low").asDouble(), c.ciLow(), REL, what + " ci low");
        Golden.close(r.get("ci_high").asDouble(), c.ciHigh(), REL, what + " ci high");
    }
}
