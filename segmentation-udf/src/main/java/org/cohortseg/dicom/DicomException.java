package org.cohortseg.dicom;

import java.io.IOException;

/**
 * A DICOM file or series that cannot be read. Every message starts with the source (file or
 * series) so that a failed series in a cohort run says which one and why.
 */
public class DicomException extends IOException {
    private static final long serialVersionUID = 1L;

    public DicomException(String source, String message) {
        this(source, message, null);
    }

    public DicomException(String source, String message, Throwable cause) {
        super(source + ": " + message, cause);
    }
}
