package org.cohortseg.nifti;

/** The header's geometry is unusable: a non-finite or singular affine, or an implausible voxel size. */
public final class InvalidGeometryException extends NiftiException {
    private static final long serialVersionUID = 1L;

    public InvalidGeometryException(String source, String message) {
        super(source, message);
    }
}
