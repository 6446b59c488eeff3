package org.cohortseg.nifti;

/** The header is not a valid NIfTI-1 or NIfTI-2 header (magic, sizeof_hdr, dimensions, offsets). */
public final class InvalidHeaderException extends NiftiException {
    private static final long serialVersionUID = 1L;

    public InvalidHeaderException(String source, String message) {
        super(source, message);
    }

    public InvalidHeaderException(String source, String message, Throwable cause) {
        super(source, message, cause);
    }
}
