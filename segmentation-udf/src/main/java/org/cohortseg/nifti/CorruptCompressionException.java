package org.cohortseg.nifti;

/** The gzip stream is corrupt. */
public final class CorruptCompressionException extends NiftiException {
    private static final long serialVersionUID = 1L;

    public CorruptCompressionException(String source, String message) {
        super(source, message);
    }

    public CorruptCompressionException(String source, String message, Throwable cause) {
        super(source, message, cause);
    }
}
