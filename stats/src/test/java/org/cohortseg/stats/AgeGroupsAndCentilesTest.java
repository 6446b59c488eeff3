package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Age groups against hand-made groupings; centiles against data drawn from known curves. */
class AgeGroupsAndCentilesTest {

    @Test
    void paperQuartilesAndDecades() {
        double[] ages = {18, 40.9, 41, 58, 59, 78, 78.5, 100};
        assertArrayEquals(new String[] {"<41", "<41", "41-59", "41-59", "59-78", "59-78", ">78", ">78"},
                AgeGroups.labels(ages, AgeGroups.Scheme.PAPER));
        assertArrayEquals(new String[] {"10-19", "40-49", "40-49", "50-59", "50-59", "70-79", "70-79", "100-109"},
                AgeGroups.labels(ages, AgeGroups.Scheme.DECADES));
    }

    @Test
    void groupSummariesAreOrderedAndCounted() {
        double[] values = {1, 2, 3, 10, 11, 12, 13};
        String[] labels = {">78", "<41", "<41", "41-59", "41-59", "41-59", ">78"};
        AgeGroups.Result r = AgeGroups.summarise(values, labels);
        List<AgeGroups.Group> g = r.groups();
        assertEquals(List.of("<41", "41-59", ">78"), g.stream().map(AgeGroups.Group::group).toList());
        assertEquals(2, g.get(0).n());
        assertEquals(2.5, g.get(0).mean(), 1e-15);
        assertEquals(11, g.get(1).median(), 1e-15);
        assertTrue(r.kruskalWallis().present());
    }

    @Test
    void centilesCoverDataDrawnFromKnownCurves() {
        Random random = new Random(3);
        int n = 6000;
        double[] age = new double[n];
        double[] value = new double[n];
        for (int i = 0; i < n; i++) {
            age[i] = 18 + 82 * random.nextDouble();
            value[i] = 100 + 0.02 * (age[i] - 50) * (age[i] - 50) + (5 + 0.1 * age[i]) * random.nextGaussian();
        }
        CentileModel model = CentileModel.fit(age, value).value();
        int below5 = 0;
        int below95 = 0;
        double sumZ = 0;
        double sumZ2 = 0;
        for (int i = 0; i < n; i++) {
            below5 += value[i] < model.centile(age[i], 5) ? 1 : 0;
            below95 += value[i] < model.centile(age[i], 95) ? 1 : 0;
            double z = model.zScore(age[i], value[i]);
            sumZ += z;
            sumZ2 += z * z;
        }
        assertEquals(0.05, below5 / (double) n, 0.01);
        assertEquals(0.95, below95 / (double) n, 0.01);
        assertEquals(0, sumZ / n, 0.05);
        assertEquals(1, Math.sqrt(sumZ2 / n), 0.05);
        assertEquals(100 + 0.02 * 400, model.mean(30), 1.0, "mean curve at 30");
        assertEquals(5 + 0.1 * 80, model.sd(80), 0.8, "spread at 80");
        assertEquals(50, model.centileOf(60, model.mean(60)), 1e-9);
    }

    @Test
    void anEmptySeriesHasNoGroupsAndNoTest() {
        AgeGroups.Result r = AgeGroups.summarise(new double[0], new String[0]);
        assertTrue(r.groups().isEmpty());
        assertEquals("n < 2", r.kruskalWallis().reason());
        assertFalse(AgeAssociations.of(new Series("liver", Measure.VOLUME_ML, Stratum.ALL, java.util.List.of(), new double[0],
                new boolean[0], new double[0], java.util.Map.of())).spearman().present());
    }

    @Test
    void tooFewObservationsHaveNoCentiles() {
        assertFalse(CentileModel.fit(new double[10], new double[10]).present());
    }
}
