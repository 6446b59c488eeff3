package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dummy coding, the series entry point and degenerate input of the adjusted associations. */
class AdjustedAssociationsTest {
    private static final double[] AGE = {20, 30, 40, 50, 60, 70, 80, 90};
    private static final double[] VALUE = {10, 9.5, 9.7, 9.1, 8.2, 8.4, 7.9, 7.0};

    @Test
    void categoricalCovariatesAreIndicatorsOfAllButTheFirstSortedLevel() {
        Covariates c = Covariates.categorical(Map.of("site", new String[] {"b", "a", "c", "a"},
                "scanner", new String[] {"x", "x", "y", "x"}));
        assertEquals(List.of("scanner=y", "site=b", "site=c"), c.names());
        assertArrayEquals(new double[] {0, 0, 1, 0}, c.columns().get(0));
        assertArrayEquals(new double[] {1, 0, 0, 0}, c.columns().get(1));
        assertArrayEquals(new double[] {0, 0, 1, 0}, c.columns().get(2));
        assertEquals(0, Covariates.dummies("one level", new String[] {"a", "a"}).size());
    }

    @Test
    void aSeriesIsAdjustedForItsCategoricalCovariates() {
        boolean[] male = {true, false, true, false, true, false, true, false};
        String[] site = {"a", "b", "a", "b", "b", "a", "b", "a"};
        Series s = new Series("hippocampus", Measure.values()[0], Stratum.ALL,
                List.of("1", "2", "3", "4", "5", "6", "7", "8"), AGE, male, VALUE, Map.of("site", site));
        AdjustedAssociation a = AdjustedAssociations.of(s, Covariates.none(), null, null);
        assertEquals(List.of("male", "site=b"), a.adjustedFor());
        PartialCorrelation direct = PartialSpearman.test(AGE, VALUE,
                Covariates.indicator("male", male).and(Covariates.dummies("site", site))).value();
        assertEquals(direct, a.partialSpearman().value());
        assertEquals("no bootstrap requested", a.spearmanBootstrap().reason());
    }

    @Test
    void degenerateInputGivesAReason() {
        boolean[] women = new boolean[AGE.length];
        String[] ids = {"a", "b", "c", "d", "e", "f", "g", "h"};
        AdjustedAssociation a = AdjustedAssociations.of(ids, AGE, women, VALUE, Covariates.none(),
                new double[] {160, 170, 0, 165, 150, 172, 168, 158}, SpearmanBootstrap.Settings.seeded(3));
        assertEquals(List.of(), a.adjustedFor());
        assertEquals("one sex only: no age x sex interaction", a.ageBySex().reason());
        assertEquals("a volume or height is not positive: no logarithm", a.allometry().reason());
        assertTrue(a.partialSpearman().present());
        assertTrue(a.spearmanBootstrap().present());

        double[] three = {1, 2, 3};
        assertTrue(PartialSpearman.test(three, three, Covariates.numeric("z", new double[] {3, 1, 2})).reason()
                .contains("no degrees of freedom"));
        assertTrue(PartialSpearman.test(AGE, VALUE, Covariates.numeric("constant", new double[8])).reason()
                .contains("singular"));
        assertEquals("zero variance left after the covariates",
                PartialSpearman.test(AGE, VALUE, Covariates.numeric("copy of age", AGE)).reason());
        assertEquals("zero variance left after the covariates", PartialSpearman.test(AGE, VALUE,
                Covariates.numeric("rank of value", new double[] {8, 6, 7, 5, 3, 4, 2, 1})).reason());
    }
}
