package org.cohortseg.dicom;

/** A file that is not DICOM at all (a series folder may hold such files beside its slices). */
public final class NotDicomException extends DicomException {
    private static final long serialVersionUID = 1L;

    public NotDicomException(String source) {
        super(source, "not DICOM: no 'DICM' at byte 128 and no dataset at the start");
    }
}
