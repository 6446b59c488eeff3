package org.cohortseg.nifti;

import org.cohortseg.geometry.Reorientation;
import org.cohortseg.geometry.Shape;

/**
 * Applies a {@link Reorientation} (pure index arithmetic, in geometry) to stored voxels: one strided
 * run per output row, in the voxels' own type.
 */
final class Reorienter {
    private Reorienter() {
    }

    static VoxelArray apply(Reorientation r, VoxelArray voxels) {
        Shape source = r.sourceShape();
        if (voxels.size() != source.voxels()) {
            throw new IllegalArgumentException("voxel count " + voxels.size() + " does not match " + source);
        }
        if (r.isIdentity()) {
            return voxels;
        }
        int[] sourceAxis = r.sourceAxis();
        boolean[] flip = r.flip();
        Shape out = r.targetShape();
        int[] step = new int[3];
        int base = 0;
        for (int j = 0; j < 3; j++) {
            int stride = source.stride(sourceAxis[j]);
            step[j] = flip[j] ? -stride : stride;
            base += flip[j] ? (source.extent(sourceAxis[j]) - 1) * stride : 0;
        }
        VoxelArray result = VoxelArray.allocate(voxels.type(), out.voxels());
        for (int z = 0; z < out.nz(); z++) {
            for (int y = 0; y < out.ny(); y++) {
                voxels.copyRun(base + y * step[1] + z * step[2], step[0], result, out.index(0, y, z), out.nx());
            }
        }
        return result;
    }

    static NiftiImage apply(Reorientation r, NiftiImage image) {
        if (!image.shape().equals(r.sourceShape())) {
            throw new IllegalArgumentException("image shape " + image.shape() + " is not " + r.sourceShape());
        }
        int[] sourceAxis = r.sourceAxis();
        double[] sizes = image.voxelSizes();
        double[] outSizes = {sizes[sourceAxis[0]], sizes[sourceAxis[1]], sizes[sourceAxis[2]]};
        return new NiftiImage(r.targetShape(), apply(r, image.voxels()), r.apply(image.affine()), outSizes, image.scale());
    }
}
