package org.cohortseg.measure;

import org.cohortseg.nifti.NiftiImage;

/**
 * CT values as TotalSegmentator measures them: scaled ({@code get_fdata()}), then cast to int16
 * (truncation toward zero, as numpy's {@code astype(np.int16)}).
 */
public final class TruncatedHu {
    private TruncatedHu() {
    }

    /** The int16 HU values of {@code ct}: the stored array itself when it is unscaled int16, else a new array. */
    public static short[] of(NiftiImage ct) {
        short[] stored = ct.voxels().int16ArrayOrNull();
        if (stored != null && ct.scale().isIdentity()) {
            return stored;
        }
        short[] hu = new short[ct.shape().voxels()];
        for (int i = 0; i < hu.length; i++) {
            hu[i] = (short) (long) ct.value(i);
        }
        return hu;
    }
}
