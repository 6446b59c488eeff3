package org.cohortseg.nifti;

/** The header declares more voxels or bytes than the configured {@link ReadLimits} allow; raised before any voxel memory is allocated. */
public final class VolumeTooLargeException extends NiftiException {
    private static final long serialVersionUID = 1L;

    public VolumeTooLargeException(String source, String message) {
        super(source, message);
    }

    public VolumeTooLargeException(String source, String message, Throwable cause) {
        super(source, message, cause);
    }
}
