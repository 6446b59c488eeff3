package org.cohortseg.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import org.cohortseg.labels.LabelMap;

import java.util.Map;
import org.cohortseg.geometry.Affine;
import org.cohortseg.geometry.Shape;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.VoxelArray;
import org.junit.jupiter.api.Test;

/** Dice on hand-counted label maps. */
class DiceScoresTest {
    private static final LabelMap LABELS = LabelMap.of(Map.of(1, "spleen", 2, "liver", 3, "aorta"));

    private static NiftiImage map(int... labels) {
        byte[] b = new byte[labels.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) labels[i];
        }
        return NiftiImage.of(new Shape(labels.length, 1, 1), VoxelArray.ofUint8(b), Affine.scaling(1, 1, 1));
    }

    @Test
    void countsOverlapPerLabelAndExcludesLabelsAbsentFromBoth() {
        // spleen: pred 3 voxels, truth 2, overlap 2 -> 4/5; liver: pred 1, truth 2, overlap 1 -> 2/3; aorta absent.
        DiceScores d = DiceScores.of(map(1, 1, 1, 2, 0, 0), map(1, 1, 2, 2, 0, 7), LABELS);
        assertEquals(0.8, d.perLabel().get("spleen"), 1e-15);
        assertEquals(2.0 / 3, d.perLabel().get("liver"), 1e-15);
        assertNull(d.perLabel().get("aorta"));
        assertEquals((0.8 + 2.0 / 3) / 2, d.mean(), 1e-15);
    }

    @Test
    void aLabelInOnlyOneMapScoresZero() {
        DiceScores d = DiceScores.of(map(3, 0), map(0, 0), LABELS);
        assertEquals(0.0, d.perLabel().get("aorta"));
        assertEquals(0.0, d.mean());
    }

    @Test
    void differentShapesAreRefused() {
        assertThrows(GridMismatchException.class, () -> DiceScores.of(map(1, 2), map(1), LABELS));
    }
}
