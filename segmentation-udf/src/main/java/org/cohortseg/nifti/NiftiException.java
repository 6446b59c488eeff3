package org.cohortseg.nifti;

import java.io.IOException;

/**
 * A NIfTI file that cannot be read. Subclasses name the specific problem; every message starts
 * with the source (file name or stream description) so that a failed scan in a cohort run says
 * which file and why.
 */
public class NiftiException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String source;

    public NiftiException(String source, String message) {
        this(source, message, null);
    }

    public NiftiException(String source, String message, Throwable cause) {
        super(source + ": " + message, cause);
        this.source = source;
    }

    /** The file name or stream description the error refers to. */
    public String source() {
        return source;
    }
}
