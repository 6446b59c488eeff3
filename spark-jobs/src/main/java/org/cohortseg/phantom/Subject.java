package org.cohortseg.phantom;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One phantom subject: demographics, body size, the persistent part of the noise on every
 * measure, the random placement of its anatomy, and its visits. Everything is drawn from one
 * random stream in a fixed order, so a (seed, subject index) pair always gives the same subject;
 * draws added after the first design come after the original ones, so a subject keeps its age,
 * sex, first scanner and anatomy. The values of one scan are a {@link PhantomScan}.
 *
 * @param subjectId subject identifier
 * @param age baseline age (years, at the first scan)
 * @param male sex
 * @param scanner scanner of the first scan (later scans draw their own)
 * @param heightCm height (cm)
 * @param weightKg weight (kg)
 * @param accelerated whether the subject's {@link Acceleration#system()} ages {@link Acceleration#gapYears()} ahead
 * @param visitYears years since the first scan of each visit (the first is 0)
 * @param persistentNoise per effect key: the persistent normal draw, in the measure's units (N(0, noise_sd^2))
 * @param withinSlope per effect key with a {@link Longitudinal} term: the subject's own slope per year
 * @param bodyScale scale of the body cross-section
 * @param fatMm subcutaneous fat thickness (mm)
 * @param placement per structure: shift x, y, z (mm) and ellipsoid aspect changes ex, ey
 */
public record Subject(String subjectId, int age, boolean male, String scanner, double heightCm, double weightKg,
                      boolean accelerated, double[] visitYears, Map<String, Double> persistentNoise,
                      Map<String, Double> withinSlope, double bodyScale, double fatMm,
                      Map<String, double[]> placement) {
    private static final double SHIFT_MM = 3;
    private static final double ASPECT = 0.06;

    public Subject {
        visitYears = visitYears.clone();
    }

    @Override public double[] visitYears() { return visitYears.clone(); }

    /** Samples subject {@code subjectId} of {@code model} from {@code rng}. */
    public static Subject sample(PhantomModel model, String subjectId, SplittableRandom rng) {
        int age = PhantomModel.MIN_AGE + rng.nextInt(PhantomModel.MAX_AGE - PhantomModel.MIN_AGE + 1);
        boolean male = rng.nextDouble() < PhantomModel.MALE_FRACTION;
        String scanner = model.scannerAt(rng.nextDouble()).name();
        Map<String, Double> groupZ = new HashMap<>();
        Map<String, Double> noise = new LinkedHashMap<>();
        for (Effect e : model.effects()) {
            double own = rng.nextGaussian();
            double group = e.noiseGroup() == null ? 0 : groupZ.computeIfAbsent(e.noiseGroup(), g -> rng.nextGaussian());
            noise.put(e.key(), e.ownSd() * own + e.groupSd() * group);
        }
        double bodyScale = (male ? 1.02 : 0.96) * (1 + 0.02 * rng.nextGaussian());
        double fat = 10 + 20 * rng.nextDouble();
        Map<String, double[]> placement = new LinkedHashMap<>();
        for (StructureTemplate t : model.structures()) {
            placement.put(t.name(), new double[] {uniform(rng, SHIFT_MM), uniform(rng, SHIFT_MM),
                uniform(rng, SHIFT_MM), uniform(rng, ASPECT), uniform(rng, ASPECT)});
        }
        BodySize body = model.bodySize();
        double height = body.heightCm(male, rng.nextGaussian());
        double weight = body.weightKg(male, height, rng.nextGaussian());
        boolean accelerated = rng.nextDouble() < model.acceleration().share();
        double[] years = model.visits().sampleYears(rng);
        Map<String, Double> slopes = new LinkedHashMap<>();
        for (Effect e : model.effects()) {
            if (e.longitudinal() != null) {
                slopes.put(e.key(), e.longitudinal().slopePerYear() + e.longitudinal().slopeSd() * rng.nextGaussian());
            }
        }
        return new Subject(subjectId, age, male, scanner, height, weight, accelerated, years, noise, slopes, bodyScale,
                fat, placement);
    }

    private static double uniform(SplittableRandom rng, double halfWidth) {
        return (2 * rng.nextDouble() - 1) * halfWidth;
    }

    /** "M" or "F". */
    public String sex() {
        return male ? "M" : "F";
    }

    /** Number of visits planned for the subject (a cohort of n scans may end within the last subject's). */
    public int visits() {
        return visitYears.length;
    }
}
