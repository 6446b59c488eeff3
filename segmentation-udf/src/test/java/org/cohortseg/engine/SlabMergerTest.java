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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The merger's lifecycle rules, and its float16 arithmetic against nnU-Net's done the plain way. */
class SlabMergerTest {
    private static final int[] PATCH = {2, 2, 2};
    private static final float[] ONES = {1, 1, 1, 1, 1, 1, 1, 1};

    /** A merger on two threads whose finished slices are copied into {@code labels}. */
    private static SlabMerger merger(Shape image, int[] patch, int channels, float[] importance, byte[] labels) {
        return merger(image, patch, channels, importance, labels, HalfRows.fastest());
    }

    /** The scalar rows, and the SIMD ones where this machine has them. */
    static Stream<HalfRows> rows() {
        return VectorHalfRows.supported() ? Stream.of(new ScalarHalfRows(), new VectorHalfRows()) : Stream.of(new ScalarHalfRows());
    }

    private static SlabMerger merger(Shape image, int[] patch, int channels, float[] importance, byte[] labels, HalfRows rows) {
        int slice = image.nx() * image.ny();
        return new SlabMerger(image, patch, channels, importance, new Parallel(2),
                (z, channelOf) -> System.arraycopy(channelOf, 0, labels, z * slice, slice), rows);
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
     * Random logits blended over overlapping windows give the labels of nnU-Net's arithmetic, done
     * here the plain way over the whole image: float16 sums of float32 products with the float16
     * Gaussian, windows in plan order, float16 quotient, argmax with ties to the lower channel. Rows
     * of 24 voxels take both the SIMD lanes and the scalar tail.
     */
    @ParameterizedTest
    @MethodSource("rows")
    void blendingIsNnUnetsFloat16ArithmeticExactly(HalfRows rows) {
        int[] patch = {24, 8, 8};
        Shape image = new Shape(44, 12, 20);
        int channels = 5;
        float[] importance = GaussianImportance.nnunetHalf(patch, 0.125);
        List<WindowPlanner.Window> windows = WindowPlanner.plan(image, patch, 0.5);
        int voxels = 24 * 8 * 8;
        short[][] sums = new short[channels][image.voxels()];
        short[] weights = new short[image.voxels()];
        byte[] labels = new byte[image.voxels()];
        SlabMerger merger = merger(image, patch, channels, importance, labels, rows);
        SplittableRandom random = new SplittableRandom(5);
        for (WindowPlanner.Window w : windows) {
            float[] logits = new float[channels * voxels];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) random.nextDouble(-20, 20);
            }
            merger.add(FloatBuffer.wrap(logits), 0, w);
            for (int p = 0; p < voxels; p++) {
                int v = image.index(w.x() + p % 24, w.y() + p / 24 % 8, w.z() + p / (24 * 8));
                weights[v] = HalfFloat.fromFloat(HalfFloat.toFloat(weights[v]) + importance[p]);
                for (int c = 0; c < channels; c++) {
                    float product = logits[c * voxels + p] * importance[p];
                    sums[c][v] = HalfFloat.fromFloat(HalfFloat.toFloat(sums[c][v]) + product);
                }
            }
        }
        merger.finish();
        for (int v = 0; v < image.voxels(); v++) {
            int best = 0;
            float bestValue = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < channels; c++) {
                float value = HalfFloat.toFloat(HalfFloat.fromFloat(HalfFloat.toFloat(sums[c][v])
                        / HalfFloat.toFloat(weights[v])));
                if (value > bestValue) {
                    bestValue = value;
                    best = c;
                }
            }
            assertEquals(best, labels[v], "voxel " + v + ", " + rows.getClass().getSimpleName());
        }
    }

    /**
     * nnU-Net's float16 map of a 128-voxel patch: its corners underflow float16 and take the
     * smallest nonzero weight, so a voxel covered only by a window's corner has a weight (no
     * division by zero) but float16 sums of a few subnormal steps, as in nnU-Net: a logit lead of 4
     * survives, one of 0.5 is lost (0.5 times the smallest subnormal rounds to 0: a tie, the lower
     * channel).
     */
    @Test
    void cornersOfTheFloat16MapKeepTheSmallestWeightAsNnUnetDoes() {
        int[] patch = {128, 128, 128};
        float[] importance = GaussianImportance.nnunetHalf(patch, 0.125);
        float smallestSubnormal = HalfFloat.toFloat((short) 1);
        assertEquals(smallestSubnormal, importance[0], "the corner");
        assertEquals(10f, importance[(64 * 128 + 64) * 128 + 64], "nnU-Net scales the map to 10");
        float[] cornerWeights = new float[8];
        java.util.Arrays.fill(cornerWeights, smallestSubnormal);
        for (float lead : new float[] {4f, 0.5f}) {
            byte[] labels = new byte[8];
            SlabMerger merger = merger(new Shape(2, 2, 2), PATCH, 3, cornerWeights, labels);
            float[] logits = new float[3 * 8];
            byte[] expected = new byte[8];
            for (int v = 0; v < 8; v++) {
                logits[(v % 3) * 8 + v] = lead; // others 0
                expected[v] = (byte) (lead >= 1 ? v % 3 : 0);
            }
            merger.add(FloatBuffer.wrap(logits), 0, new WindowPlanner.Window(0, 0, 0));
            merger.finish();
            assertArrayEquals(expected, labels, "lead " + lead);
        }
    }
}
