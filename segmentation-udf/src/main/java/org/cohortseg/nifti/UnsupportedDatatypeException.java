package org.cohortseg.nifti;

/** The header declares a datatype this reader does not support. */
public final class UnsupportedDatatypeException extends NiftiException {
    private static final long serialVersionUID = 1L;

    public UnsupportedDatatypeException(String source, String message) {
        super(source, message);
    }

    public UnsupportedDatatypeException(String source, String message, Throwable cause) {
        super(source, message, cause);
    }
}
