package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

/** Planted slopes recovered on a simulated cohort, degenerate input, and the family corrections. */
class LongitudinalEffectsTest {
    private static final double CROSS_SECTIONAL = -2;
    private static final double WITHIN_PERSON = -5;
    private static final double MALE = 30;

    /**
     * A cohort as the model assumes it: baseline ages 20 to 90, 1 to 4 scans over up to 7.5 years (most
     * persons scanned once), random level and slope (SDs 50 and 3, correlation 0.2), residual SD 12.
     */
    private static List<LongitudinalObservation> cohort(int persons, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LongitudinalObservation> scans = new ArrayList<>();
        for (int s = 0; s < persons; s++) {
            double baseline = 20 + 70 * random.nextDouble();
            boolean male = random.nextDouble() < 0.6;
            double u = random.nextDouble();
            int visits = u < 0.65 ? 1 : u < 0.85 ? 2 : u < 0.95 ? 3 : 4;
            double z0 = gaussian(random);
            double z1 = gaussian(random);
            double level = 50 * z0;
            double slope = 3 * (0.2 * z0 + Math.sqrt(1 - 0.04) * z1);
            double years = 0;
            for (int v = 0; v < visits; v++) {
                double value = 1200 + CROSS_SECTIONAL * (baseline - 55) + WITHIN_PERSON * years + (male ? MALE : 0)
                        + level + slope * years + 12 * gaussian(random);
                scans.add(new LongitudinalObservation("p" + s, baseline + years, male, value));
                years += 0.5 + 2 * random.nextDouble();
            }
        }
        return scans;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static void covers(Contrast c, double truth, String what) {
        double half = new TDistribution(null, c.df()).inverseCumulativeProbability(0.975) * c.standardError();
        assertTrue(Math.abs(c.estimate() - truth) <= half, what + ": " + c + " misses " + truth);
    }

    @Test
    void plantedSlopesAreRecoveredWithinTheir95PercentIntervals() {
        List<LongitudinalObservation> scans = cohort(2500, 15);
        LongitudinalEffect e = LongitudinalEffects.of("liver", Measure.VOLUME_ML, scans);
        assertEquals("liver", e.structure());
        assertEquals(Measure.VOLUME_ML, e.measure());
        assertEquals(2500, e.subjects());
        assertEquals(scans.size(), e.scans());
        LongitudinalEffect.Slopes s = e.slopes().value();
        covers(s.crossSectional(), CROSS_SECTIONAL, "cross-sectional slope");
        covers(s.withinPerson(), WITHIN_PERSON, "within-person slope");
        covers(s.male(), MALE, "sex");
        covers(s.difference(), WITHIN_PERSON - CROSS_SECTIONAL, "slope difference");
        assertTrue(s.difference().p() < 1e-6, "the planted difference is detected: " + s.difference());
        assertEquals(50, s.interceptSd(), 5);
        assertEquals(12, s.residualSd(), 1.2);
        assertEquals(3, s.slopeSd(), 1, s.toString());
        assertFalse(s.singular());
    }

    @Test
    void slopesAreTheModelsFixedEffects() {
        List<LongitudinalObservation> scans = cohort(200, 3);
        MixedModel model = LongitudinalEffects.fit(scans).value();
        LongitudinalEffect.Slopes s = LongitudinalEffects.of("spleen", Measure.MEAN_HU, scans).slopes().value();
        MixedModelFit f = model.summary();
        assertEquals(f.estimates()[1], s.crossSectional().estimate());
        assertEquals(f.estimates()[2], s.withinPerson().estimate());
        assertEquals(f.p()[2], s.withinPerson().p());
        assertEquals(f.standardErrors()[3], s.male().standardError());
        assertEquals(f.estimates()[2] - f.estimates()[1], s.difference().estimate(), 1e-12);
        assertEquals(f.slopeSd(), s.slopeSd());
    }

    @Test
    void degenerateInputGivesAReason() {
        List<LongitudinalObservation> once = List.of(new LongitudinalObservation("a", 50, true, 1),
                new LongitudinalObservation("b", 60, false, 2), new LongitudinalObservation("c", 70, true, 4),
                new LongitudinalObservation("d", 65, false, 3), new LongitudinalObservation("e", 55, true, 2));
        assertTrue(LongitudinalEffects.fit(once).reason().startsWith("no subject with two observations"));
        List<LongitudinalObservation> sameDay = new ArrayList<>(once);
        sameDay.add(new LongitudinalObservation("a", 50, true, 1.5));
        assertTrue(LongitudinalEffects.fit(sameDay).reason().startsWith("no subject with two observations"));
        List<LongitudinalObservation> women = cohort(50, 7).stream()
                .map(o -> new LongitudinalObservation(o.subjectId(), o.age(), false, o.value())).toList();
        assertTrue(LongitudinalEffects.fit(women).reason().startsWith("singular fixed-effects design"));
        List<LongitudinalObservation> three = List.of(new LongitudinalObservation("a", 50, true, 1),
                new LongitudinalObservation("a", 52, true, 2), new LongitudinalObservation("b", 60, false, 4));
        assertTrue(LongitudinalEffects.fit(three).reason().startsWith("n = 3"));
        List<LongitudinalObservation> constant = cohort(50, 8).stream()
                .map(o -> new LongitudinalObservation(o.subjectId(), o.age(), o.male(), 7.25)).toList();
        assertTrue(LongitudinalEffects.fit(constant).reason().startsWith("perfect fit"));
        LongitudinalEffect e = LongitudinalEffects.of("kidney", Measure.VOLUME_ML, once);
        assertEquals(5, e.subjects());
        assertEquals(5, e.scans());
        assertFalse(e.slopes().present());
    }

    @Test
    void familyCorrectionsSkipUndefinedFits() {
        LongitudinalEffect a = LongitudinalEffects.of("a", Measure.VOLUME_ML, cohort(150, 1));
        LongitudinalEffect none = new LongitudinalEffect("b", Measure.VOLUME_ML, 0, 0, Estimate.none("no scans"));
        LongitudinalEffect c = LongitudinalEffects.of("c", Measure.MEAN_HU, cohort(150, 2));
        List<LongitudinalEffects.Adjusted> adjusted = LongitudinalEffects.adjust(List.of(a, none, c));
        double[] p = {a.slopes().value().withinPerson().p(), c.slopes().value().withinPerson().p()};
        assertArrayEquals(MultipleTesting.bonferroni(p),
                new double[] {adjusted.get(0).pBonferroni(), adjusted.get(2).pBonferroni()});
        assertArrayEquals(MultipleTesting.benjaminiHochberg(p),
                new double[] {adjusted.get(0).qBh(), adjusted.get(2).qBh()});
        assertNull(adjusted.get(1).pBonferroni());
        assertNull(adjusted.get(1).qBh());
        assertEquals(none, adjusted.get(1).effect());
    }
}
