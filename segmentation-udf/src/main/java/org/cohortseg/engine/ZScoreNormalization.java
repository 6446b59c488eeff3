package org.cohortseg.engine;

import org.cohortseg.geometry.Shape;

/**
 * nnU-Net's z-score normalisation (MR and other non-CT images): each image is centred on its own
 * mean and scaled by its own standard deviation (population, floored at 1e-8). With
 * {@code useMaskForNorm} the statistics come from the image's foreground only and the background
 * is set to 0; nnU-Net's foreground is the nonzero region it crops to, here the nonzero voxels of
 * the model-grid image (nnU-Net takes the statistics before resampling, so they differ by the
 * interpolation's smoothing).
 *
 * @param useMaskForNorm statistics from, and values kept in, the foreground only
 */
public record ZScoreNormalization(boolean useMaskForNorm) implements Normalization {

    @Override
    public VoxelTransform forImage(ModelGridImage image) {
        Shape s = image.shape();
        int plane = s.nx() * s.ny();
        double sum = 0;
        double sumSquares = 0;
        long n = 0;
        for (int z = 0; z < s.nz(); z++) { // ascending, as a part reads the image; sums in a fixed order
            float[] data = image.sliceArray(z);
            int from = image.sliceOffset(z);
            for (int i = from; i < from + plane; i++) {
                double v = data[i];
                if (!useMaskForNorm || v != 0) {
                    sum += v;
                    sumSquares += v * v;
                    n++;
                }
            }
        }
        double mean = n == 0 ? 0 : sum / n;
        double variance = n == 0 ? 0 : Math.max(sumSquares / n - mean * mean, 0);
        float center = (float) mean;
        float scale = (float) Math.max(Math.sqrt(variance), CtNormalization.STD_FLOOR);
        return useMaskForNorm ? v -> v == 0 ? 0f : (v - center) / scale : v -> (v - center) / scale;
    }

    @Override
    public String scheme() {
        return "ZScoreNormalization";
    }
}
