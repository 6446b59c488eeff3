package org.cohortseg.nifti;

/** The file ends before all declared voxels were read. */
public final class TruncatedDataException extends NiftiException {
    private static final long serialVersionUID = 1L;

    public TruncatedDataException(String source, String message) {
        super(source, message);
    }

    public TruncatedDataException(String source, String message, Throwable cause) {
        super(source, message, cause);
    }
}
