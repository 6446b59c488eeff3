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
 * the subject parameters of 4004 phantoms (no voxels rendered): every planted age effect is
 * significant (Bonferroni) with its sign, no NULL structure is, the estimated slopes contain the
 * planted ones, the Spearman rs are near the aging study's, and the liver's rise-and-fall is found.
 */
class PlantedEffectsTest {
    private static final int N = 4004;
    private static final PhantomModel MODEL = PhantomModel.standard();
    private static final List<Subject> SUBJECTS = new ArrayList<>();
    private static final List<AgeAssociation> ALL = new ArrayList<>();

    @BeforeAll
    static void measure() {
        PhantomCohort cohort = new PhantomCohort(MODEL, 2026, new double[] {3, 3, 3}, true);
        for (int i = 0; i < N; i++) {
            SUBJECTS.add(cohort.subject(i));
        }
        for (Effect e : MODEL.effects()) {
            ALL.add(AgeAssociations.of(series(e, Stratum.ALL)));
        }
    }

    /** The measure of every subject as a measurement table holds it (HU with the scanner's offset). */
    private static Series series(Effect e, Stratum stratum) {
        List<Subject> s = SUBJECTS.stream().filter(x -> stratum.includes(x.male())).toList();
        double[] age = new double[s.size()];
        boolean[] male = new boolean[s.size()];
        double[] values = new double[s.size()];
        String[] scanner = new String[s.size()];
        for (int i = 0; i < s.size(); i++) {
            Subject x = s.get(i);
            age[i] = x.age();
            male[i] = x.male();
            values[i] = e.measure() == Measure.VOLUME_ML ? x.volumeMl().get(e.structure()) : x.renderedHu(e.structure());
            scanner[i] = x.scanner();
        }
        return new Series(e.structure(), e.measure(), stratum, s.stream().map(Subject::subjectId).toList(), age, male,
                values, Map.of("scanner", scanner));
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

    @Test
    void estimatedSlopesContainThePlantedOnes() {
        List<Effect> effects = MODEL.effects();
        for (int i = 0; i < effects.size(); i++) {
            Effect e = effects.get(i);
            var fit = ALL.get(i).regression().value();
            int age = fit.index("age");
            double planted = e.age() instanceof AgeFunction.Linear l ? l.slopePerYear() : 0;
            if (e.age() instanceof AgeFunction.Peak) {
                continue; // not a straight line: the trajectory test covers it
            }
            assertTrue(fit.ciLow()[age] <= planted && planted <= fit.ciHigh()[age], e.structure() + " " + e.measure().column()
                    + ": planted " + planted + " outside [" + fit.ciLow()[age] + ", " + fit.ciHigh()[age] + "]");
        }
    }

    @Test
    void spearmanRsAreNearTheAgingStudys() {
        Map<String, Double> paper = Map.of("aorta/volume_ml", 0.64, "kidney_left/volume_ml", -0.49,
                "iliopsoas_left/volume_ml", -0.57, "autochthon_left/mean_hu", -0.74, "vertebrae_L4/mean_hu", -0.55,
                "hip_left/mean_hu", -0.61);
        for (AgeAssociation a : ALL) {
            Double target = paper.get(a.structure() + "/" + a.measure().column());
            if (target != null) {
                assertEquals(target, a.spearman().value().estimate(), 0.05, a.structure() + " " + a.measure().column());
            }
        }
    }

    @Test
    void theLiversRiseAndFallIsRecoveredBySplines() {
        Effect liver = MODEL.effect("liver", Measure.VOLUME_ML);
        Series women = series(liver, Stratum.FEMALE);
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
                double truth = liver.expected(age, false);
                assertTrue(p[1] <= truth && truth <= p[2], "age " + age + ": planted " + truth + " outside [" + p[1]
                        + ", " + p[2] + "]");
            }
        }
        assertEquals(55, peakAge, 8, "the planted peak is at 55");
    }
}
