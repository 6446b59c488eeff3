package org.cohortseg.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.cohortseg.concurrency.Parallel;
import org.cohortseg.geometry.Shape;
import org.junit.jupiter.api.Test;

/** The merger's lifecycle rules, and its float16 accumulator against a float64 blend. */
class SlabMergerTest {
    private static final int[] PATCH = {2, 2, 2};
    private static final float[] ONES = {1, 1, 1, 1, 1, 1, 1, 1};

    /** A merger on two threads whose finished slices are copied into {@code labels}. */
    private static SlabMerger merger(Shape image, int[] patch, int channels, float[] importance, byte[] labels) {
        int slice = image.nx() * image.ny();
        return new SlabMerger(image, patch, channels, importance, new Parallel(2),
                (z, channelOf) -> System.arraycopy(channelOf, 0, labels, z * slice, slice));
    }

    @Test
    void refusesWindowsAfterFinishAndGoingBackInZ() {
        SlabMerger m = merger(new Shape(2, 2, 4), PATCH, 1, ONES, new byte[16]);
        m.add(FloatBuffer.allocate(8), 0, new WindowPlanner.Window(0, 0, 0));
        m.add(FloatBuffer.allocate(8), 0, new WindowPlanner.Window(0, 0, 2));
        assertThrows(IllegalStateException.class, () -> m.add(FloatBuffer.allocate(8), 0, new WindowPlanner.Window(0, 0, 0)));
        SlabMerger done = merger(new Shape(2, 2, 2), PATCH, 1, ONES, new byte[8]);
        done.add(FloatBuffer.allocate(8), 0, new WindowPlanner.Window(0, 0, 0));
        done.finish();
        assertThrows(IllegalStateException.class, () -> done.add(FloatBuffer.allocate(8), 0, new WindowPlanner.Window(0, 0, 0)));
        assertThrows(IllegalStateException.class, done::finish);
    }

    @Test
    void aVoxelNoWindowCoveredIsAnError() {
        SlabMerger m = merger(new Shape(2, 2, 4), PATCH, 1, ONES, new byte[16]);
        m.add(FloatBuffer.allocate(8), 0, new WindowPlanner.Window(0, 0, 0));
        assertThrows(ArithmeticException.class, m::finish);
    }

    /**
     * Random logits blended over overlapping windows: wherever the float64 weighted means of the
     * two best channels differ by more than float16's rounding can move them, the label is the
     * float64 argmax, and near-ties flip in at most 0.1 % of the voxels (the bar for the
     * agreement with PyTorch).
     */
    @Test
    void float16BlendGivesTheFloat64ArgmaxExceptAtNearTies() {
        int[] patch = {8, 8, 8};
        Shape image = new Shape(20, 12, 20);
        int channels = 5;
        float[] importance = GaussianImportance.of(patch, 0.125);
        List<WindowPlanner.Window> windows = WindowPlanner.plan(image, patch, 0.5);
        int voxels = 8 * 8 * 8;
        double[][] sum = new double[channels][image.voxels()];
        double[] weights = new double[image.voxels()];
        byte[] labels = new byte[image.voxels()];
        SlabMerger merger = merger(image, patch, channels, importance, labels);
        SplittableRandom random = new SplittableRandom(5);
        for (WindowPlanner.Window w : windows) {
            float[] logits = new float[channels * voxels];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) random.nextDouble(-20, 20);
            }
            merger.add(FloatBuffer.wrap(logits), 0, w);
            for (int p = 0; p < voxels; p++) {
                int v = image.index(w.x() + p % 8, w.y() + p / 8 % 8, w.z() + p / 64);
                weights[v] += importance[p];
                for (int c = 0; c < channels; c++) {
                    sum[c][v] += importance[p] * (double) logits[c * voxels + p];
                }
            }
        }
        merger.finish();
        int differ = 0;
        for (int v = 0; v < image.voxels(); v++) {
            int best = 0;
            double second = Double.NEGATIVE_INFINITY;
            for (int c = 1; c < channels; c++) {
                if (sum[c][v] > sum[best][v]) {
                    second = sum[best][v];
                    best = c;
                } else {
                    second = Math.max(second, sum[c][v]);
                }
            }
            double margin = (sum[best][v] - second) / weights[v];
            // |means| < 20: a float16 rounding moves a mean by at most 2^-7, at most 8 windows cover a voxel,
            // so two channels' means move apart by at most 2 * 8 * 2^-7 = 0.125
            if (margin > 0.125) {
                assertEquals(best, labels[v], "voxel " + v + ", margin " + margin);
            }
            differ += best == labels[v] ? 0 : 1;
        }
        assertTrue(differ <= 0.001 * image.voxels(), differ + " of " + image.voxels() + " voxels differ");
    }

    /** A voxel covered only by a window's corner (weight ~1e-11) still gets its logits' argmax. */
    @Test
    void tinyGaussianWeightsDoNotUnderflow() {
        int[] patch = {128, 1, 1};
        float[] importance = GaussianImportance.of(patch, 0.125);
        assertTrue(importance[0] < 1e-3f); // exp(-8), and its cube at a 3-D corner: below float16's smallest normal
        float[] tiny = new float[128];
        java.util.Arrays.fill(tiny, 1e-11f);
        byte[] labels = new byte[128];
        SlabMerger merger = merger(new Shape(128, 1, 1), patch, 3, tiny, labels);
        float[] logits = new float[3 * 128];
        byte[] expected = new byte[128];
        for (int x = 0; x < 128; x++) {
            expected[x] = (byte) (x % 3);
            logits[expected[x] * 128 + x] = 0.5f; // others 0
        }
        merger.add(FloatBuffer.wrap(logits), 0, new WindowPlanner.Window(0, 0, 0));
        merger.finish();
        assertArrayEquals(expected, labels);
    }
}
