package org.cohortseg.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cohortseg.stats.AgeAssociation;
import org.cohortseg.stats.AgeAssociations;
import org.cohortseg.stats.Measure;
import org.cohortseg.stats.NaturalSpline;
import org.cohortseg.stats.Quantiles;
import org.cohortseg.stats.Series;
import org.cohortseg.stats.Stratum;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statistics recover what the generator planted, on a measurement table made directly from
 * the first scans of 4004 phantom subjects (no voxels rendered; a cross-section, adjusted for
 * scanner and contrast): every planted age effect is significant (Bonferroni) with its sign, no
 * NULL structure is, the estimated slopes contain the planted ones, the liver's rise-and-fall is
 * found, and the Spearman rs are near the aging study's (the paper population's; the standard
 * population's extra variance weakens them a little).
 */
class PlantedEffectsTest {
    private static final int N = 4004;
    private static final PhantomModel MODEL = PhantomModel.standard();
    private static final PlantedDistribution PLANTED = new PlantedDistribution(MODEL);
    private static final List<PhantomScan> BASELINES = baselines(MODEL);
    private static final List<AgeAssociation> ALL = new ArrayList<>();

    @BeforeAll
    static void measure() {
        for (Effect e : MODEL.effects()) {
            ALL.add(AgeAssociations.of(series(BASELINES, e, Stratum.ALL)));
        }
    }

    private static List<PhantomScan> baselines(PhantomModel model) {
        PhantomCohort cohort = new PhantomCohort(model, 2026, new double[] {3, 3, 3}, true);
        List<PhantomScan> out = new ArrayList<>();
        for (int k = 0; k < N; k++) {
            out.add(cohort.visits(k).get(0));
        }
        return out;
    }

    /** The measure of every first scan as a measurement table holds it (contrast, scanner offset and scale). */
    private static Series series(List<PhantomScan> scans, Effect e, Stratum stratum) {
        List<PhantomScan> s = scans.stream().filter(x -> stratum.includes(x.subject().male())).toList();
        double[] age = new double[s.size()];
        boolean[] male = new boolean[s.size()];
        double[] values = new double[s.size()];
        String[] scanner = new String[s.size()];
        String[] contrast = new String[s.size()];
        for (int i = 0; i < s.size(); i++) {
            PhantomScan x = s.get(i);
            age[i] = x.age();
            male[i] = x.subject().male();
            values[i] = x.rendered(e.structure(), e.measure());
            scanner[i] = x.scanner();
            contrast[i] = Boolean.toString(x.contrast());
        }
        return new Series(e.structure(), e.measure(), stratum, s.stream().map(PhantomScan::scanId).toList(), age, male,
                values, Map.of("scanner", scanner, "contrast", contrast));
    }

    @Test
    void plantedEffectsAreSignificantWithTheirSignAndNullsAreNot() {
        Map<Integer, double[]> adjusted = AgeAssociations.adjust(ALL);
        List<Effect> effects = MODEL.effects();
        for (int i = 0; i < effects.size(); i++) {
            Effect e = effects.get(i);
            AgeAssociation a = ALL.get(i);
            double bonferroni = adjusted.get(i)[0];
            String what = e.structure() + " " + e.measure().column() + " rs=" + a.spearman().value().estimate()
                    + " p_bonf=" + bonferroni;
            if (e.age() instanceof AgeFunction.Linear linear) {
                assertTrue(bonferroni < 1e-4, what + " must be significant at the paper's P < .0001");
                assertEquals(Math.signum(linear.slopePerYear()), Math.signum(a.spearman().value().estimate()), what);
            } else if (e.age() instanceof AgeFunction.None) {
                assertTrue(bonferroni >= 0.05, what + " is a NULL structure");
            }
        }
    }

    /**
     * Each straight-line effect's slope lies in the estimate's confidence band at a family-wise 95 %
     * (Bonferroni over the effects: a 95 % interval per effect would miss one of 36 most of the time).
     */
    @Test
    void estimatedSlopesContainThePlantedOnes() {
        List<Effect> effects = MODEL.effects();
        long lines = effects.stream().filter(e -> !(e.age() instanceof AgeFunction.Peak)).count();
        double z = NoiseLaw.normalQuantile(1 - 0.025 / lines);
        for (int i = 0; i < effects.size(); i++) {
            Effect e = effects.get(i);
            if (e.age() instanceof AgeFunction.Peak) {
                continue; // not a straight line: the trajectory test covers it
            }
            var fit = ALL.get(i).regression().value();
            int age = fit.index("age");
            double estimate = fit.coefficients()[age];
            double band = z * fit.standardErrors()[age];
            double planted = populationSlope(e);
            assertEquals(planted, estimate, band, e.structure() + " " + e.measure().column());
        }
    }

    /**
     * The planted change per year across subjects: the age term's slope, times the mean height
     * factor of the sexes and the mean contrast volume factor for a height-scaled or enhancing volume.
     */
    private static double populationSlope(Effect e) {
        double perSex = 0;
        for (boolean male : new boolean[] {true, false}) {
            double slope = (PLANTED.mean(e, 80, male) - PLANTED.mean(e, 30, male)) / 50;
            perSex += (male ? PhantomModel.MALE_FRACTION : 1 - PhantomModel.MALE_FRACTION) * slope;
        }
        if (e.measure() == Measure.MEAN_HU) {
            return perSex;
        }
        Contrast contrast = MODEL.contrast();
        return perSex * (1 + contrast.share() * (contrast.of(e.structure(), true).volumeFactor() - 1));
    }

    /**
     * The paper population's rs are near the aging study's (as before the standard population
     * existed: same subjects, same values); the standard population's extra variance (scanner noise
     * scales, height scaling, contrast, the accelerated subgroup) weakens them by less than 0.04.
     */
    @Test
    void spearmanRsAreNearTheAgingStudys() {
        Map<String, Double> paper = Map.of("aorta/volume_ml", 0.64, "kidney_left/volume_ml", -0.49,
                "iliopsoas_left/volume_ml", -0.57, "autochthon_left/mean_hu", -0.74, "vertebrae_L4/mean_hu", -0.55,
                "hip_left/mean_hu", -0.61);
        List<PhantomScan> paperBaselines = baselines(PhantomModel.paper());
        paper.forEach((key, target) -> {
            String[] sm = key.split("/");
            Effect e = MODEL.effect(sm[0], sm[1].equals("volume_ml") ? Measure.VOLUME_ML : Measure.MEAN_HU);
            double rsPaper = AgeAssociations.of(series(paperBaselines, e, Stratum.ALL)).spearman().value().estimate();
            double rsStandard = ALL.get(MODEL.effects().indexOf(e)).spearman().value().estimate();
            assertEquals(target, rsPaper, 0.05, key + " (paper population)");
            assertEquals(rsPaper, rsStandard, 0.04, key + " (standard population)");
        });
    }

    @Test
    void theLiversRiseAndFallIsRecoveredBySplines() {
        Effect liver = MODEL.effect("liver", Measure.VOLUME_ML);
        Series women = series(BASELINES, liver, Stratum.FEMALE);
        double[] knots = Quantiles.type7(women.age(), 0.25, 0.5, 0.75);
        NaturalSpline spline = NaturalSpline.fit(women.age(), women.values(), knots).value();
        double peakAge = 0;
        double peak = Double.NEGATIVE_INFINITY;
        for (int age = 20; age <= 95; age++) {
            double[] p = spline.predict(age);
            if (p[0] > peak) {
                peak = p[0];
                peakAge = age;
            }
            if (age % 15 == 5) {
                double truth = PLANTED.mean(liver, age, false); // contrast leaves the liver's volume alone
                assertTrue(p[1] <= truth && truth <= p[2], "age " + age + ": planted " + truth + " outside [" + p[1]
                        + ", " + p[2] + "]");
            }
        }
        assertEquals(55, peakAge, 8, "the planted peak is at 55");
    }
}
