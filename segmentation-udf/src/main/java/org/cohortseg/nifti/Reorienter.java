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
        Reorientation.SourceIndex at = r.sourceIndex();
        Shape out = r.targetShape();
        VoxelArray result = VoxelArray.allocate(voxels.type(), out.voxels());
        for (int z = 0; z < out.nz(); z++) {
            for (int y = 0; y < out.ny(); y++) {
                voxels.copyRun(at.rowStart(y, z), at.stepX(), result, out.index(0, y, z), out.nx());
            }
        }
        return result;
    }

    static NiftiImage apply(Reorientation r, NiftiImage image) {
        if (!image.shape().equals(r.sourceShape())) {
            throw new IllegalArgumentException("image shape " + image.shape() + " is not " + r.sourceShape());
        }
        return new NiftiImage(r.targetShape(), apply(r, image.voxels()), r.apply(image.affine()),
                r.permute(image.voxelSizes()), image.scale());
    }
}
