package org.cohortseg.pipeline;

import org.cohortseg.geometry.Orientation;
import org.cohortseg.nifti.NiftiImage;

/**
 * The stored geometry of a scan, as reported in the scans table.
 *
 * @param nx voxels along x
 * @param ny voxels along y
 * @param nz voxels along z
 * @param spacingX voxel size (mm) along x
 * @param spacingY voxel size (mm) along y
 * @param spacingZ voxel size (mm) along z
 * @param orientation nibabel axis codes of the stored grid, e.g. "LPS"
 * @param datatype stored datatype, e.g. "INT16"
 */
public record ImageGeometry(int nx, int ny, int nz, double spacingX, double spacingY, double spacingZ,
                            String orientation, String datatype) {

    /** The geometry of an image. */
    public static ImageGeometry of(NiftiImage image) {
        double[] s = image.voxelSizes();
        return new ImageGeometry(image.shape().nx(), image.shape().ny(), image.shape().nz(), s[0], s[1], s[2],
                Orientation.of(image.affine()).codes(), image.voxels().type().name());
    }
}
