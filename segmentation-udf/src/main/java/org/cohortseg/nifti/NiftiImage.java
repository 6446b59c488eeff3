package org.cohortseg.nifti;

import java.util.Objects;
import org.cohortseg.geometry.Affine;
import org.cohortseg.geometry.Reorientation;
import org.cohortseg.geometry.Shape;

/**
 * A 3-D image: voxels in their stored type, the grid shape, the voxel-to-world affine, voxel
 * sizes (mm) and the value scaling. Immutable apart from the voxel array, which is shared, not copied.
 *
 * @param shape grid extents, x fastest
 * @param voxels stored values
 * @param affine voxel-to-world affine (mm)
 * @param voxelSizes voxel sizes in mm as the header's pixdim declares them (what TotalSegmentator multiplies for volumes)
 * @param scale physical value = raw * slope + inter
 */
public record NiftiImage(Shape shape, VoxelArray voxels, Affine affine, double[] voxelSizes, ScaleFactors scale) {

    public NiftiImage {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(voxels, "voxels");
        Objects.requireNonNull(affine, "affine");
        Objects.requireNonNull(scale, "scale");
        if (voxels.size() != shape.voxels()) {
            throw new IllegalArgumentException("voxel count " + voxels.size() + " does not match shape " + shape);
        }
        if (voxelSizes.length != 3) {
            throw new IllegalArgumentException("voxelSizes needs 3 values");
        }
        voxelSizes = voxelSizes.clone();
    }

    /** An unscaled image whose voxel sizes are the column norms of the affine. */
    public static NiftiImage of(Shape shape, VoxelArray voxels, Affine affine) {
        return new NiftiImage(shape, voxels, affine,
                new double[] {affine.columnNorm(0), affine.columnNorm(1), affine.columnNorm(2)}, ScaleFactors.IDENTITY);
    }

    @Override
    public double[] voxelSizes() {
        return voxelSizes.clone();
    }

    /** The physical (scaled) value of voxel {@code i}. */
    public double value(int i) {
        return scale.apply(voxels.get(i));
    }

    /** The physical (scaled) value at (x, y, z). */
    public double value(int x, int y, int z) {
        return value(shape.index(x, y, z));
    }

    /** A new image on the same grid with other voxels (e.g. a label map for this CT). */
    public NiftiImage withVoxels(VoxelArray newVoxels, ScaleFactors newScale) {
        return new NiftiImage(shape, newVoxels, affine, voxelSizes, newScale);
    }

    /** The image on the grid {@code r} leads to: voxels reordered, affine adjusted, voxel sizes permuted. */
    public NiftiImage reoriented(Reorientation r) {
        return Reorienter.apply(r, this);
    }
}
