package org.cohortseg.dicom.index;

import java.io.Serializable;
import java.util.Optional;
import org.cohortseg.dicom.DicomAttributes;
import org.cohortseg.dicom.DicomException;
import org.cohortseg.dicom.DicomFile;
import org.cohortseg.dicom.DicomTag;
import org.cohortseg.dicom.SeriesKey;

/**
 * What the index keeps of one DICOM file's header: where the file is, which study and series it
 * belongs to, who and how it was acquired, and where its image lies. Text and numbers that the file
 * leaves out are null.
 *
 * @param file the file (or {@code archive.zip!entry})
 * @param folder where the file lies: its folder, or for an archive's entry the archive
 * @param bytes the file's size
 * @param syntaxUid transfer syntax UID
 * @param studyUid StudyInstanceUID
 * @param seriesKey the series' key ({@link SeriesKey}: the SeriesInstanceUID where there is one)
 * @param seriesUid SeriesInstanceUID
 * @param seriesNumber SeriesNumber
 * @param seriesDescription SeriesDescription
 * @param patientId PatientID
 * @param patientAge PatientAge as written (AS: {@code 063Y})
 * @param birthDate PatientBirthDate (DA: yyyymmdd)
 * @param sex PatientSex
 * @param heightM PatientSize (m)
 * @param weightKg PatientWeight (kg)
 * @param studyDate StudyDate
 * @param modality Modality
 * @param manufacturer Manufacturer
 * @param model ManufacturerModelName
 * @param kvp KVP
 * @param tubeCurrent XRayTubeCurrent (mA)
 * @param kernel ConvolutionKernel (values joined by a backslash)
 * @param contrastAgent ContrastBolusAgent
 * @param bodyPart BodyPartExamined
 * @param imageType ImageType (values joined by a backslash)
 * @param sliceThickness SliceThickness (mm)
 * @param pixelSpacing PixelSpacing (between rows, between columns), or null
 * @param rows Rows
 * @param columns Columns
 * @param frames NumberOfFrames (1 when absent)
 * @param position ImagePositionPatient, or null
 * @param orientation ImageOrientationPatient, or null
 * @param gantryTilt GantryDetectorTilt (degrees)
 * @param pixelData whether the file holds pixel data (a report or a DICOMDIR does not)
 * @param framePositions each frame's ImagePositionPatient (null where a frame has none) for an
 *        enhanced multi-frame image, whose other geometry is its first frame's; null otherwise
 */
public record InstanceHeader(String file, String folder, long bytes, String syntaxUid, String studyUid, String seriesKey,
                             String seriesUid, Integer seriesNumber, String seriesDescription, String patientId,
                             String patientAge, String birthDate, String sex, Double heightM, Double weightKg,
                             String studyDate, String modality,                             String manufacturer, String model, Double kvp, Double tubeCurrent, String kernel,
                             String contrastAgent, String bodyPart, String imageType, Double sliceThickness,
                             double[] pixelSpacing, Integer rows, Integer columns, int frames, double[] position,
                             double[] orientation, Double gantryTilt, boolean pixelData, double[][] framePositions)
        implements Serializable {

    /** The header of a parsed file. */
    public static InstanceHeader of(DicomFile parsed, String file, String folder, long bytes) throws DicomException {
        DicomAttributes a = parsed.attributes();
        DicomAttributes placing = parsed.frames().isEmpty() ? a : parsed.frames().get(0);
        Integer frames = integer(a.number(DicomTag.NUMBER_OF_FRAMES));
        double[][] framePositions = null;
        if (!parsed.frames().isEmpty()) {
            framePositions = new double[parsed.frames().size()][];
            for (int f = 0; f < framePositions.length; f++) {
                framePositions[f] = numbersOrNull(parsed.frames().get(f), DicomTag.IMAGE_POSITION_PATIENT, 3);
            }
        }
        return new InstanceHeader(file, folder, bytes, parsed.syntaxUid(), text(a, DicomTag.STUDY_INSTANCE_UID),
                SeriesKey.of(a), text(a, DicomTag.SERIES_INSTANCE_UID), integer(a.number(DicomTag.SERIES_NUMBER)),
                text(a, DicomTag.SERIES_DESCRIPTION), text(a, DicomTag.PATIENT_ID), text(a, DicomTag.PATIENT_AGE),
                text(a, DicomTag.PATIENT_BIRTH_DATE), text(a, DicomTag.PATIENT_SEX), a.number(DicomTag.PATIENT_SIZE).orElse(null),
                a.number(DicomTag.PATIENT_WEIGHT).orElse(null), text(a, DicomTag.STUDY_DATE),
                text(a, DicomTag.MODALITY), text(a, DicomTag.MANUFACTURER), text(a, DicomTag.MANUFACTURER_MODEL_NAME),
                a.number(DicomTag.KVP).orElse(null), a.number(DicomTag.XRAY_TUBE_CURRENT).orElse(null),
                text(a, DicomTag.CONVOLUTION_KERNEL), text(a, DicomTag.CONTRAST_BOLUS_AGENT),
                text(a, DicomTag.BODY_PART_EXAMINED), text(a, DicomTag.IMAGE_TYPE),
                placing.number(DicomTag.SLICE_THICKNESS).orElse(null), numbersOrNull(placing, DicomTag.PIXEL_SPACING, 2),
                a.unsignedShort(DicomTag.ROWS).orElse(null), a.unsignedShort(DicomTag.COLUMNS).orElse(null),
                frames == null ? 1 : frames,
                numbersOrNull(placing, DicomTag.IMAGE_POSITION_PATIENT, 3),
                numbersOrNull(placing, DicomTag.IMAGE_ORIENTATION_PATIENT, 6),
                a.number(DicomTag.GANTRY_DETECTOR_TILT).orElse(null), parsed.pixelDataFound(), framePositions);
    }

    private static String text(DicomAttributes a, int tag) {
        return a.text(tag).orElse(null);
    }

    private static Integer integer(Optional<Double> v) {
        return v.map(Double::intValue).orElse(null);
    }

    /** Exactly {@code count} numbers, or null when the attribute is absent or has another count. */
    private static double[] numbersOrNull(DicomAttributes a, int tag, int count) throws DicomException {
        double[] v = a.numbers(tag);
        return v.length == count ? v : null;
    }

    /** The values of the image type, upper case ({@code ORIGINAL}, {@code PRIMARY}, {@code AXIAL}). */
    public String[] imageTypeValues() {
        return imageType == null ? new String[0] : imageType.toUpperCase(java.util.Locale.ROOT).split("\\\\");
    }
}
