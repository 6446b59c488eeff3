package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

/**
 * Organ age on simulated cohorts whose features drift with a "biological" age; a subgroup's
 * features look {@link #ACCELERATION} years older than their chronological age.
 */
class OrganAgeTest {
    private static final double ACCELERATION = 8;
    private static final int FEATURES = 30;
    private static final String SPARSE = "f" + (FEATURES - 1);

    /** A simulated cohort; {@code accelerated} marks the planted subgroup. */
    record Cohort(String[] ids, double[] age, boolean[] male, double[][] x, String[] names, boolean[] accelerated) {

        /** The same cohort with its rows in another order. */
        Cohort permuted(long seed) {
            Integer[] order = new Integer[ids.length];
            Arrays.setAll(order, i -> i);
            Collections.shuffle(Arrays.asList(order), new Random(seed));
            boolean[] m = new boolean[ids.length];
            boolean[] a = new boolean[ids.length];
            for (int i = 0; i < ids.length; i++) {
                m[i] = male[order[i]];
                a[i] = accelerated[order[i]];
            }
            return new Cohort(Arrays.stream(order).map(i -> ids[i]).toArray(String[]::new),
                    Arrays.stream(order).mapToDouble(i -> age[i]).toArray(), m,
                    Arrays.stream(order).map(i -> x[i]).toArray(double[][]::new), names, a);
        }

        OrganAge.Result estimate() {
            return OrganAge.estimate(ids, age, male, x, names, OrganAge.Config.defaults());
        }
    }

    /**
     * n scans aged 20-90, 55 % male, 15 % aged faster; a third of the features carry no age signal,
     * features on scales from 1 to 1000, 3 % of values missing and the last feature 70 % missing.
     */
    static Cohort simulate(int n, long seed) {
        Random random = new Random(seed);
        double[] slope = new double[FEATURES];
        double[] scale = new double[FEATURES];
        String[] names = new String[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            slope[j] = j % 3 == 2 ? 0 : (random.nextBoolean() ? 1 : -1) * (0.3 + random.nextDouble());
            scale[j] = Math.pow(10, random.nextInt(4));
            names[j] = "f" + j;
        }
        String[] ids = new String[n];
        double[] age = new double[n];
        boolean[] male = new boolean[n];
        boolean[] accelerated = new boolean[n];
        double[][] x = new double[n][FEATURES];
        for (int i = 0; i < n; i++) {
            ids[i] = "scan-" + Long.toHexString(random.nextLong());
            age[i] = 20 + 70 * random.nextDouble();
            male[i] = random.nextDouble() < 0.55;
            accelerated[i] = random.nextDouble() < 0.15;
            double biological = age[i] + (accelerated[i] ? ACCELERATION : 0);
            for (int j = 0; j < FEATURES; j++) {
                double sex = male[i] ? 0.5 : 0;
                x[i][j] = scale[j] * (10 + sex + slope[j] * (biological - 55) / 15 + random.nextGaussian());
                double missing = j == FEATURES - 1 ? 0.7 : 0.03;
                if (random.nextDouble() < missing) {
                    x[i][j] = Double.NaN;
                }
            }
        }
        return new Cohort(ids, age, male, x, names, accelerated);
    }

    @Test
    void plantedAcceleratedAgingShowsInTheCorrectedGap() {
        Cohort cohort = simulate(4000, 11);
        long start = System.nanoTime();
        OrganAge.Result result = cohort.estimate();
        System.out.printf("OrganAge n = 4000 x %d features, 5 x 5 CV, both sexes: %.2f s%n", FEATURES,
                (System.nanoTime() - start) / 1e9);
        Map<String, Boolean> planted = new HashMap<>();
        for (int i = 0; i < cohort.ids().length; i++) {
            planted.put(cohort.ids()[i], cohort.accelerated()[i]);
        }
        for (Estimate<OrganAge.SexResult> sex : List.of(result.female(), result.male())) {
            OrganAge.SexResult s = sex.value();
            double[] subgroup = s.scans().stream().filter(a -> planted.get(a.scanId()))
                    .mapToDouble(OrganAge.ScanAge::ageGapCorrected).toArray();
            double[] rest = s.scans().stream().filter(a -> !planted.get(a.scanId()))
                    .mapToDouble(OrganAge.ScanAge::ageGapCorrected).toArray();
            double subgroupMean = Arrays.stream(subgroup).average().orElseThrow();
            double restMean = Arrays.stream(rest).average().orElseThrow();
            assertTrue(subgroupMean > ACCELERATION / 3, "subgroup corrected gap " + subgroupMean);
            assertTrue(new TTest().tTest(rest, subgroup) < 1e-20, "subgroup vs rest");
            assertTrue(new TTest().tTest(0, subgroup) < 1e-20, "subgroup gap differs from 0");
            assertEquals(0, restMean, 1.5, "rest corrected gap");
            assertEquals(0, s.correctedGapVsAge().value().estimate(), 0.05, "corrected gap vs age");
            assertTrue(s.gapVsAge().value().estimate() < -0.1, "the raw gap regresses to the mean");
            assertTrue(s.mae() < 8, "MAE " + s.mae());
            assertEquals(5, s.folds().size());
            assertEquals(s.scans().size(), s.folds().stream().mapToInt(OrganAge.Fold::nTest).sum());
            for (OrganAge.Fold f : s.folds()) {
                assertEquals(List.of(SPARSE), f.droppedFeatures(), "the 70 % missing feature is dropped");
                assertTrue(f.lambda() > 0 && f.nonZero() >= 2 && f.nonZero() <= FEATURES - 1);
                assertEquals(s.scans().size() - f.nTest(), f.nTrain());
            }
        }
    }

    @Test
    void resultDoesNotDependOnTheInputOrder() {
        Cohort cohort = simulate(300, 5);
        OrganAge.Result result = cohort.estimate();
        assertTrue(result.female().present() && result.male().present());
        assertEquals(result, cohort.permuted(1).estimate());
        assertEquals(result, cohort.permuted(2).estimate());
        List<OrganAge.ScanAge> scans = result.male().value().scans();
        for (int i = 1; i < scans.size(); i++) {
            assertTrue(scans.get(i - 1).scanId().compareTo(scans.get(i).scanId()) < 0, "sorted by scan id");
        }
    }

    @Test
    void tooLittleDataGivesAReason() {
        Cohort cohort = simulate(90, 7);
        OrganAge.Result result = cohort.estimate();
        assertFalse(result.female().present());
        assertTrue(result.female().reason().contains("fewer than 50"), result.female().reason());
        double[][] oneFeature = Arrays.stream(cohort.x()).map(r -> new double[] {r[0]}).toArray(double[][]::new);
        OrganAge.Result single = OrganAge.estimate(cohort.ids(), cohort.age(), cohort.male(), oneFeature,
                new String[] {"f0"}, new OrganAge.Config(0.5, 5, 5, 1, 20));
        assertEquals("1 features, fewer than 2", single.male().reason());
        double[][] sparse = Arrays.stream(cohort.x()).map(r -> new double[] {r[0], Double.NaN, r[FEATURES - 1]})
                .toArray(double[][]::new);
        OrganAge.Result missing = OrganAge.estimate(cohort.ids(), cohort.age(), cohort.male(), sparse,
                new String[] {"f0", "f1", SPARSE}, new OrganAge.Config(0.5, 5, 5, 1, 20));
        assertTrue(missing.male().reason().contains("1 features with at most half"), missing.male().reason());
        String[] duplicated = cohort.ids().clone();
        for (int i = 1; i < duplicated.length; i++) {
            duplicated[i] = duplicated[0];
        }
        OrganAge.Result twice = OrganAge.estimate(duplicated, cohort.age(), cohort.male(), cohort.x(),
                cohort.names(), new OrganAge.Config(0.5, 5, 5, 1, 20));
        assertTrue(twice.male().reason().startsWith("duplicate scan id"), twice.male().reason());
    }
}
