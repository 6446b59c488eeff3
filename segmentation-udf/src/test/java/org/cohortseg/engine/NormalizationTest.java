package org.cohortseg.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.cohortseg.geometry.Shape;
import org.junit.jupiter.api.Test;

/** nnU-Net's intensity schemes against values worked out by hand (numpy's mean and population std). */
class NormalizationTest {
    private static final double[] SPACING = {1, 1, 1};

    @Test
    void ctNormalisationClipsThenStandardisesWithTheModelsValues() {
        CtNormalization ct = new CtNormalization(-100, 200, 50, 25);
        FloatVolume image = new FloatVolume(new Shape(2, 1, 1), new float[] {-500, 100}, SPACING);
        assertSame(ct, ct.forImage(image), "the same transform for every image");
        assertEquals(-6f, ct.apply(-500f));
        assertEquals(2f, ct.apply(100f));
        assertEquals(6f, ct.apply(900f));
    }

    /** Values 1, 2, 3, 4 on two slices: mean 2.5, population std sqrt(1.25). */
    @Test
    void zScoreUsesTheImagesOwnMeanAndPopulationStd() {
        FloatVolume image = new FloatVolume(new Shape(2, 1, 2), new float[] {1, 2, 3, 4}, SPACING);
        Normalization.VoxelTransform t = new ZScoreNormalization(false).forImage(image);
        double std = Math.sqrt(1.25);
        assertEquals((1 - 2.5) / std, t.apply(1f), 1e-6);
        assertEquals((4 - 2.5) / std, t.apply(4f), 1e-6);
        assertEquals(-2.5 / std, t.apply(0f), 1e-6, "without the mask, 0 is an ordinary value");
    }

    /** With the mask, zeros are background: the statistics of 2, 4, 6 (mean 4, std sqrt(8/3)); background stays 0. */
    @Test
    void zScoreWithTheMaskTakesStatisticsFromNonzeroVoxelsAndKeepsBackgroundAtZero() {
        FloatVolume image = new FloatVolume(new Shape(5, 1, 1), new float[] {0, 2, 0, 4, 6}, SPACING);
        Normalization.VoxelTransform t = new ZScoreNormalization(true).forImage(image);
        assertEquals((6 - 4) / Math.sqrt(8.0 / 3), t.apply(6f), 1e-6);
        assertEquals(0f, t.apply(0f));
    }

    @Test
    void aConstantImageIsScaledByTheFloorNotDividedByZero() {
        FloatVolume image = new FloatVolume(new Shape(3, 1, 1), new float[] {7, 7, 7}, SPACING);
        assertEquals(0f, new ZScoreNormalization(false).forImage(image).apply(7f));
    }
}
