package org.cohortseg.engine;

/**
 * How a part turns the model-grid image into network input: one of nnU-Net's intensity schemes.
 * A scheme may need statistics of the image itself, so it is bound to each image before use.
 */
public sealed interface Normalization permits CtNormalization, ZScoreNormalization {

    /** The voxel transform for {@code image} (reads the image once where the scheme needs its statistics). */
    VoxelTransform forImage(ModelGridImage image);

    /** nnU-Net's name of the scheme (plans' {@code normalization_schemes}). */
    String scheme();

    /** A normalisation bound to one image. */
    @FunctionalInterface
    interface VoxelTransform {
        /** The network input value of one model-grid value. */
        float apply(float value);
    }
}
