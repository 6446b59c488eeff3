package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bootstrap interval of Spearman's rs: exact resample statistics, reproducibility, and its width. */
class SpearmanBootstrapTest {

    /** n pairs with correlation rho (ties when {@code rounded}), ids "s0".."s{n-1}" in a shuffled order. */
    private record Sample(String[] ids, double[] x, double[] y) {
        static Sample normal(int n, double rho, boolean rounded, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            String[] ids = new String[n];
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                ids[i] = "s" + i;
                x[i] = random.nextGaussian();
                y[i] = rho * x[i] + Math.sqrt(1 - rho * rho) * random.nextGaussian();
                if (rounded) {
                    x[i] = Math.round(x[i] * 2);
                    y[i] = Math.round(y[i] * 2);
                }
            }
            return new Sample(ids, x, y);
        }

        /** The same pairs in another order. */
        Sample shuffled(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            Sample s = new Sample(ids.clone(), x.clone(), y.clone());
            for (int i = x.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                swap(s.ids, i, j);
                swap(s.x, i, j);
                swap(s.y, i, j);
            }
            return s;
        }

        private static <T> void swap(T[] a, int i, int j) {
            T t = a[i];
            a[i] = a[j];
            a[j] = t;
        }

        private static void swap(double[] a, int i, int j) {
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    @Test
    void aResamplesRsIsSpearmanOfTheResampledPairs() {
        Sample s = Sample.normal(60, 0.4, true, 3);
        SplittableRandom random = new SplittableRandom(9);
        for (int trial = 0; trial < 20; trial++) {
            int[] counts = new int[60];
            double[] x = new double[60];
            double[] y = new double[60];
            for (int k = 0; k < 60; k++) {
                int i = random.nextInt(60);
                counts[i]++;
                x[k] = s.x()[i];
                y[k] = s.y()[i];
            }
            double expected = Correlations.spearman(x, y).value().estimate();
            assertEquals(expected, SpearmanBootstrap.spearman(s.x(), s.y(), counts), 1e-12);
        }
    }

    @Test
    void theIntervalDependsOnTheSeedNotOnTheInputOrder() {
        Sample s = Sample.normal(300, 0.3, true, 5);
        SpearmanBootstrap.Settings settings = new SpearmanBootstrap.Settings(500, 123456789L);
        SpearmanBootstrap.Interval a = SpearmanBootstrap.percentile(s.ids(), s.x(), s.y(), settings).value();
        Sample t = s.shuffled(77);
        SpearmanBootstrap.Interval b = SpearmanBootstrap.percentile(t.ids(), t.x(), t.y(), settings).value();
        assertEquals(a, b);
        SpearmanBootstrap.Interval c = SpearmanBootstrap.percentile(s.ids(), s.x(), s.y(),
                new SpearmanBootstrap.Settings(500, 987654321L)).value();
        assertNotEquals(a, c);
        assertTrue(a.ciLow() < a.estimate() && a.estimate() < a.ciHigh(), a.toString());
    }

    @Test
    void atN1000ThePercentileIntervalAgreesWithBonettWright() {
        for (double rho : new double[] {0, 0.5, -0.8}) {
            Sample s = Sample.normal(1000, rho, false, 11);
            SpearmanBootstrap.Interval boot = SpearmanBootstrap.percentile(s.ids(), s.x(), s.y(),
                    SpearmanBootstrap.Settings.seeded(2024)).value();
            SpearmanBootstrap.Interval analytic = SpearmanBootstrap.bonettWright(boot.estimate(), 1000).value();
            assertEquals(2000, boot.resamples());
            assertTrue(boot.ciLow() < boot.estimate() && boot.estimate() < boot.ciHigh(), boot.toString());
            // half-widths are about 0.06 (rho 0) to 0.025 (rho 0.8); the bounds agree to 0.01
            assertEquals(analytic.ciLow(), boot.ciLow(), 0.01, "rho " + rho + " lower");
            assertEquals(analytic.ciHigh(), boot.ciHigh(), 0.01, "rho " + rho + " upper");
        }
    }

    @Test
    void twoThousandResamplesOf4000PairsTakeMilliseconds() {
        Sample s = Sample.normal(4000, 0.3, true, 13);
        SpearmanBootstrap.percentile(s.ids(), s.x(), s.y(), SpearmanBootstrap.Settings.seeded(1)); // warm-up
        long start = System.nanoTime();
        SpearmanBootstrap.percentile(s.ids(), s.x(), s.y(), SpearmanBootstrap.Settings.seeded(2)).value();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("bootstrap of rs, 2000 x 4000 pairs: %.3f s%n", seconds);
        assertTrue(seconds < 2, seconds + " s");
    }

    @Test
    void degenerateInputGivesAReason() {
        double[] constant = {1, 1, 1, 1};
        assertEquals("zero variance", SpearmanBootstrap.percentile(new String[] {"a", "b", "c", "d"}, constant,
                new double[] {1, 2, 3, 4}, SpearmanBootstrap.Settings.seeded(1)).reason());
        assertEquals("n <= 3", SpearmanBootstrap.bonettWright(0.5, 3).reason());
        assertTrue(!SpearmanBootstrap.bonettWright(1, 10).present());
    }
}
