package org.cohortseg.engine;

/**
 * nnU-Net's CT normalisation with global values from the training set's foreground: clip to
 * [clipLow, clipHigh], subtract the mean, divide by max(std, 1e-8). Computed in float32, as the
 * PyTorch pipeline does. The values are the model's, so every image gets the same transform.
 *
 * @param clipLow 0.5th percentile of foreground HU
 * @param clipHigh 99.5th percentile of foreground HU
 * @param mean foreground mean HU
 * @param std foreground standard deviation
 */
public record CtNormalization(double clipLow, double clipHigh, double mean, double std)
        implements Normalization, Normalization.VoxelTransform {
    static final double STD_FLOOR = 1e-8;

    public CtNormalization {
        if (!(clipLow <= clipHigh) || !Double.isFinite(mean) || !(std >= 0)) {
            throw new IllegalArgumentException("invalid normalisation: clip [" + clipLow + ", " + clipHigh + "], mean "
                    + mean + ", std " + std);
        }
    }

    @Override
    public VoxelTransform forImage(ModelGridImage image) {
        return this;
    }

    @Override
    public String scheme() {
        return "CTNormalization";
    }

    /** The normalised value of one HU value, in float32 as the PyTorch pipeline computes it. */
    @Override
    public float apply(float hu) {
        return (Math.min(Math.max(hu, (float) clipLow), (float) clipHigh) - (float) mean) / (float) Math.max(std, STD_FLOOR);
    }
}
