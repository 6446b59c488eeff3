package org.cohortseg.engine;

/**
 * nnU-Net's Gaussian importance map for blending windows: a unit impulse at {@code patch / 2}
 * blurred with sigma = {@code patch * sigmaScale} per axis, divided by its maximum. scipy's
 * filter radius (4 sigma) always covers the patch, so this is exactly
 * {@code prod exp(-(i - c)^2 / (2 sigma^2))}; any weight that underflows to 0 is replaced by the
 * smallest non-zero weight, so that no voxel gets zero weight (division by zero later).
 */
public final class GaussianImportance {
    /** nnU-Net's value_scaling_factor: the map's maximum. */
    private static final float NNUNET_SCALE = 10f;
    private GaussianImportance() {
    }

    /** The map for a patch (x, y, z), x fastest. */
    public static float[] of(int[] patchXyz, double sigmaScale) {
        if (!(sigmaScale > 0)) {
            throw new IllegalArgumentException("sigma scale must be positive: " + sigmaScale);
        }
        double[][] axis = new double[3][];
        for (int a = 0; a < 3; a++) {
            int p = patchXyz[a];
            double sigma = p * sigmaScale;
            axis[a] = new double[p];
            for (int i = 0; i < p; i++) {
                double d = i - p / 2;
                axis[a][i] = Math.exp(-d * d / (2 * sigma * sigma));
            }
        }
        float[] map = new float[patchXyz[0] * patchXyz[1] * patchXyz[2]];
        float smallest = Float.MAX_VALUE;
        int i = 0;
        for (int z = 0; z < patchXyz[2]; z++) {
            for (int y = 0; y < patchXyz[1]; y++) {
                for (int x = 0; x < patchXyz[0]; x++, i++) {
                    map[i] = (float) (axis[0][x] * axis[1][y] * axis[2][z]);
                    if (map[i] > 0 && map[i] < smallest) {
                        smallest = map[i];
                    }
                }
            }
        }
        for (int k = 0; k < map.length; k++) {
            if (map[k] == 0) {
                map[k] = smallest;
            }
        }
        return map;
    }

    /**
     * The map as nnU-Net v2's predictor blends with it: {@link #of} scaled to a maximum of 10 and
     * stored in float16, where the corners underflow to 0 and take the smallest nonzero float16
     * weight instead. The values are returned as floats (exactly the float16 values).
     */
    public static float[] nnunetHalf(int[] patchXyz, double sigmaScale) {
        float[] map = of(patchXyz, sigmaScale);
        float smallest = Float.MAX_VALUE;
        for (int k = 0; k < map.length; k++) {
            map[k] = HalfFloat.toFloat(HalfFloat.fromFloat(map[k] * NNUNET_SCALE));
            if (map[k] > 0) {
                smallest = Math.min(smallest, map[k]);
            }
        }
        for (int k = 0; k < map.length; k++) {
            if (map[k] == 0) {
                map[k] = smallest;
            }
        }
        return map;
    }
}
