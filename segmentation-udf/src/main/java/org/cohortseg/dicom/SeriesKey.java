package org.cohortseg.dicom;

import java.util.Arrays;

/**
 * Which series a file belongs to: its SeriesInstanceUID, or where anonymisation emptied it, the
 * study, frame of reference, series and acquisition numbers, description and orientation
 * together.
 */
public final class SeriesKey {
    private SeriesKey() {
    }

    /** The key of the series {@code a}'s file belongs to. */
    public static String of(DicomAttributes a) throws DicomException {
        var uid = a.text(DicomTag.SERIES_INSTANCE_UID);
        if (uid.isPresent()) {
            return uid.get();
        }
        double[] orientation = a.numbers(DicomTag.IMAGE_ORIENTATION_PATIENT);
        for (int i = 0; i < orientation.length; i++) {
            orientation[i] = Math.round(orientation[i] * 1e4) / 1e4;
        }
        return String.join("|", a.text(DicomTag.STUDY_INSTANCE_UID).orElse(""), a.text(DicomTag.FRAME_OF_REFERENCE_UID).orElse(""),
                a.text(DicomTag.SERIES_NUMBER).orElse(""), a.text(DicomTag.ACQUISITION_NUMBER).orElse(""),
                a.text(DicomTag.SERIES_DESCRIPTION).orElse(""), Arrays.toString(orientation));
    }
}
