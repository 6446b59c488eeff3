package org.cohortseg.dicom;

/**
 * A series whose slices do not make one volume: mixed orientations or sizes, duplicate or missing
 * slices, a gantry tilt. The message says which, with the values that disagree.
 */
public final class InconsistentSeriesException extends DicomException {
    private static final long serialVersionUID = 1L;

    public InconsistentSeriesException(String source, String message) {
        super(source, message);
    }
}
