package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ComBat at cohort scale and on degenerate input. */
class ComBatTest {
    private static final int FEATURES = 120;
    private static final int SAMPLES = 4000;

    /** A cohort with four scanners, each shifting and scaling every structure, and age and sex effects. */
    private record Cohort(double[][] data, String[] batch, double[][] covariates) {
        static Cohort simulate(int features, int samples, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            String[] batch = new String[samples];
            double[][] covariates = new double[samples][];
            for (int i = 0; i < samples; i++) {
                batch[i] = "scanner" + random.nextInt(4);
                covariates[i] = new double[] {20 + 75 * random.nextDouble(), random.nextInt(2)};
            }
            double[][] data = new double[features][samples];
            for (int f = 0; f < features; f++) {
                double[] shift = {0, random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
                double[] scale = {1, Math.exp(0.3 * random.nextGaussian()), 1.5, 0.7};
                for (int i = 0; i < samples; i++) {
                    int b = batch[i].charAt(7) - '0';
                    data[f][i] = 10 + f - 0.05 * covariates[i][0] + covariates[i][1]
                            + shift[b] + scale[b] * random.nextGaussian();
                }
            }
            return new Cohort(data, batch, covariates);
        }
    }

    @ParameterizedTest
    @EnumSource(ComBat.Prior.class)
    void aCohortIsHarmonisedInSecondsAndTheScannerShiftIsGone(ComBat.Prior prior) {
        Cohort c = Cohort.simulate(FEATURES, SAMPLES, 42);
        long start = System.nanoTime();
        Estimate<ComBat.Result> r = ComBat.harmonise(c.data(), c.batch(), c.covariates(), prior, false);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("ComBat %s, %d features x %d samples: %.3f s%n", prior, FEATURES, SAMPLES, seconds);
        assertTrue(seconds < 5, "took " + seconds + " s");
        assertTrue(r.present(), r.reason());
        double[][] harmonised = r.value().harmonised();
        // sva's direct product of densities is 0/0 for batches this large; the log-space weights stay finite
        assertTrue(Arrays.stream(harmonised).flatMapToDouble(Arrays::stream).allMatch(Double::isFinite));
        double[][] firstFeatures = Arrays.copyOf(harmonised, 5);
        List<Estimate<HarmonizationCheck.BatchEffect>> before =
                HarmonizationCheck.batchEffects(Arrays.copyOf(c.data(), 5), c.batch(), c.covariates());
        List<Estimate<HarmonizationCheck.BatchEffect>> after =
                HarmonizationCheck.batchEffects(firstFeatures, c.batch(), c.covariates());
        for (int f = 0; f < 5; f++) {
            double f0 = before.get(f).value().f();
            double f1 = after.get(f).value().f();
            assertTrue(before.get(f).value().fP() < 1e-6, "feature " + f + " before");
            assertTrue(before.get(f).value().brownForsytheP() < 1e-6, "feature " + f + " scale before");
            assertTrue(f1 < f0 / 100, "feature " + f + ": F " + f0 + " -> " + f1);
            if (prior == ComBat.Prior.PARAMETRIC) {
                // the non-parametric posterior borrows the nearest other features' estimates and leaves some
                assertTrue(after.get(f).value().fP() > 0.5, "feature " + f + " after");
                assertTrue(after.get(f).value().brownForsytheP() > 0.01, "feature " + f + " scale after");
            }
        }
    }

    @Test
    void degenerateInputGivesAReason() {
        Cohort c = Cohort.simulate(4, 40, 7);
        String[] one = new String[40];
        Arrays.fill(one, "x");
        assertEquals("fewer than 2 batches: nothing to harmonise", harmonise(c.data(), one, c.covariates()).reason());

        double[][] confounded = new double[40][];
        for (int i = 0; i < 40; i++) {
            confounded[i] = new double[] {c.batch()[i].equals("scanner1") ? 1 : 0};
        }
        assertTrue(harmonise(c.data(), c.batch(), confounded).reason().contains("confounded"));

        double[][] unknownAge = c.covariates().clone();
        unknownAge[5] = new double[] {Double.NaN, 1};
        assertEquals("a covariate is missing or not finite", harmonise(c.data(), c.batch(), unknownAge).reason());

        assertTrue(harmonise(new double[][] {c.data()[0]}, c.batch(), c.covariates()).reason()
                .contains("fewer than 2 features"));

        double[][] holes = c.data();
        for (int i = 0; i < 40; i++) {
            holes[2][i] = c.batch()[i].equals("scanner2") ? Double.NaN : holes[2][i];
        }
        assertTrue(harmonise(holes, c.batch(), c.covariates()).reason().startsWith("feature 2 has 0 non-missing"));
    }

    @Test
    void aSingleSampleBatchMakesTheAdjustmentMeanOnly() {
        Cohort c = Cohort.simulate(6, 60, 11);
        String[] batch = c.batch().clone();
        batch[0] = "visitor";
        ComBat.Result r = harmonise(c.data(), batch, c.covariates()).value();
        assertTrue(r.meanOnly());
        assertTrue(Arrays.stream(r.deltaStar()).flatMapToDouble(Arrays::stream).allMatch(d -> d == 1));
        assertFalse(harmonise(c.data(), c.batch(), c.covariates()).value().meanOnly());
    }

    private static Estimate<ComBat.Result> harmonise(double[][] data, String[] batch, double[][] covariates) {
        return ComBat.harmonise(data, batch, covariates, ComBat.Prior.PARAMETRIC, false);
    }
}
