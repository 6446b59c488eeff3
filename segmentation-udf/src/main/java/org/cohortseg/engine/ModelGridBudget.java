package org.cohortseg.engine;

import java.util.Locale;
import org.cohortseg.geometry.Shape;

/**
 * The model grid a scan implies, and the memory the engine needs for it, worked out from the
 * scan's shape and voxel sizes before anything is resampled or allocated: the label map of the
 * model grid (one array, held throughout) with, while the networks run, the resampled CT (unless
 * spilled) and the slab of blended logits and its weights, and afterwards the label map on the
 * CT's grid; the larger of the two phases counts.
 *
 * @param limitBytes the memory the engine may use for one scan (default: the JVM's maximum heap)
 */
record ModelGridBudget(ModelSpec spec, boolean spills, long limitBytes) {
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8L;

    ModelGridBudget(ModelSpec spec, boolean spills) {
        this(spec, spills, Runtime.getRuntime().maxMemory());
    }

    /**
     * Checks the model grid of a canonical image of {@code shape} and {@code voxelSizes}.
     *
     * @throws ModelGridTooLargeException naming the grid, what it needs and the limit
     */
    void check(Shape shape, double[] voxelSizes) throws ModelGridTooLargeException {
        double[] spacing = spec.spacing();
        double[] n = new double[3];
        for (int a = 0; a < 3; a++) {
            n[a] = Math.max(1, Math.rint(shape.extent(a) * (voxelSizes[a] / spacing[a])));
        }
        double voxels = n[0] * n[1] * n[2];
        String grid = String.format(Locale.ROOT, "the model grid at %s x %s x %s mm is %.0fx%.0fx%.0f = %.3g voxels "
                + "(scan %dx%dx%d at %.3g x %.3g x %.3g mm)", spacing[0], spacing[1], spacing[2], n[0], n[1], n[2], voxels,
                shape.nx(), shape.ny(), shape.nz(), voxelSizes[0], voxelSizes[1], voxelSizes[2]);
        if (voxels > MAX_ARRAY) {
            throw new ModelGridTooLargeException(grid + ": above the limit of 2^31-9 voxels");
        }
        double plane = n[0] * n[1];
        int depth = spec.patchXyz()[2];
        int channels = spec.parts().stream().mapToInt(ModelPart::channels).max().orElse(1);
        double ct = spills ? 4 * plane * depth : 4 * voxels;
        double slab = plane * depth * (2.0 * channels + 4);
        double restore = shape.voxels();
        double bytes = voxels + Math.max(ct + slab, restore);
        if (bytes > limitBytes) {
            throw new ModelGridTooLargeException(String.format(Locale.ROOT,
                    "%s: segmenting it needs about %.1f GiB, more than the %.1f GiB available", grid,
                    bytes / (1L << 30), limitBytes / (double) (1L << 30)));
        }
    }
}
