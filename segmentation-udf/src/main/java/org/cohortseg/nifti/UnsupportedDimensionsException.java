package org.cohortseg.nifti;

/** The image is not a 3-D volume (4-D with more than one time point, or 5-D and above). */
public final class UnsupportedDimensionsException extends NiftiException {
    private static final long serialVersionUID = 1L;

    public UnsupportedDimensionsException(String source, String message) {
        super(source, message);
    }

    public UnsupportedDimensionsException(String source, String message, Throwable cause) {
        super(source, message, cause);
    }
}
