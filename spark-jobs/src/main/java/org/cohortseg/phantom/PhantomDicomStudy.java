package org.cohortseg.phantom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.cohortseg.dicom.DicomTag;
import org.cohortseg.dicom.DicomWriter;
import org.cohortseg.geometry.Affine;
import org.cohortseg.geometry.Reorientation;
import org.cohortseg.geometry.Shape;
import org.cohortseg.nifti.NiftiImage;

/**
 * Writes one phantom scan as a DICOM study, as a PACS export holds it: a localizer (one coronal
 * projection), the scan as axial slices (series 2, soft-tissue kernel) and a second reconstruction
 * with slices twice as thick (series 3, bone kernel). Age, sex and dates are in the headers: every
 * study has PatientBirthDate and StudyDate, and studies of even-numbered subjects PatientAge as well;
 * PatientSize and PatientWeight give the subject's height and weight.
 * Series of every third study share one folder (so the index must name them by UID); the others
 * have a folder each, with files without extension, and each study folder holds a non-DICOM note.
 *
 * <p>The axial series is the rendered CT turned to the LAS order a scanner's axial stack reads as,
 * so reading it back gives the rendered voxels exactly (in that order).
 */
final class PhantomDicomStudy {
    private static final LocalDate FIRST_STUDY = LocalDate.of(2015, 1, 5);
    private static final double DAYS_PER_YEAR = 365.2425;
    private static final int LOCALIZER = 1;
    private static final int AXIAL = 2;
    private static final int THICK = 3;
    private final long seed;
    private final PhantomScan scan;
    private final int subjectIndex;
    private final boolean flat;
    private final NiftiImage las;
    private final boolean offsetStorage;

    /**
     * @param seed the cohort's seed (part of every UID)
     * @param scan the scan
     * @param subjectIndex its subject, from 0
     * @param scanIndex the scan's index in the cohort, from 0
     * @param ct the rendered CT
     * @param offsetStorage store HU + 1024 with a rescale intercept of -1024 (else HU as they are)
     */
    PhantomDicomStudy(long seed, PhantomScan scan, int subjectIndex, int scanIndex, NiftiImage ct, boolean offsetStorage) {
        this.seed = seed;
        this.scan = scan;
        this.subjectIndex = subjectIndex;
        this.flat = scanIndex % 3 == 2;
        NiftiImage ras = ct.reoriented(Reorientation.toCanonical(ct.affine(), ct.shape()));
        this.las = ras.reoriented(new Reorientation(ras.shape(), new int[] {0, 1, 2}, new boolean[] {true, false, false}));
        this.offsetStorage = offsetStorage;
    }

    /** Writes the study under {@code root}/{@code subject}/{@code scan}. */
    void write(Path root) throws IOException {
        Path study = root.resolve(scan.subject().subjectId()).resolve(scan.scanId());
        Files.createDirectories(study);
        Files.writeString(study.resolve("export_note.txt"), "Phantom study " + scan.scanId() + ", exported by cohortseg.\n");
        Shape s = las.shape();
        for (int k = 0; k < s.nz(); k++) {
            short[] pixels = new short[s.nx() * s.ny()];
            for (int r = 0; r < s.ny(); r++) {
                for (int c = 0; c < s.nx(); c++) {
                    pixels[r * s.nx() + c] = stored(las.value(c, s.ny() - 1 - r, k));
                }
            }
            writeSlice(study, AXIAL, k, s.nz() - k, position(0, s.ny() - 1, k), las.voxelSizes()[2], pixels);
        }
        for (int j = 0; j + 1 < s.nz(); j += 2) {
            short[] pixels = new short[s.nx() * s.ny()];
            for (int r = 0; r < s.ny(); r++) {
                for (int c = 0; c < s.nx(); c++) {
                    double mean = (las.value(c, s.ny() - 1 - r, j) + las.value(c, s.ny() - 1 - r, j + 1)) / 2;
                    pixels[r * s.nx() + c] = stored(Math.round(mean));
                }
            }
            writeSlice(study, THICK, j / 2, j / 2 + 1, position(0, s.ny() - 1, j + 0.5), 2 * las.voxelSizes()[2], pixels);
        }
        writeLocalizer(study);
    }

    private short stored(double hu) {
        return (short) Math.round(offsetStorage ? hu + 1024 : hu);
    }

    /** LPS position of LAS voxel (i, j, k). */
    private double[] position(double i, double j, double k) {
        Affine a = las.affine();
        return new double[] {-a.world(0, i, j, k), -a.world(1, i, j, k), a.world(2, i, j, k)};
    }

    /** LPS direction of LAS voxel axis {@code axis}, unit length. */
    private double[] direction(int axis) {
        Affine a = las.affine();
        double n = a.columnNorm(axis);
        return new double[] {-a.get(0, axis) / n, -a.get(1, axis) / n, a.get(2, axis) / n};
    }

    private void writeSlice(Path study, int series, int index, int instance, double[] position, double thickness,
                            short[] pixels) throws IOException {
        double[] row = direction(0);
        double[] down = direction(1);
        DicomWriter w = common(series)
                .texts(DicomTag.IMAGE_TYPE, "ORIGINAL", "PRIMARY", "AXIAL")
                .text(DicomTag.CONVOLUTION_KERNEL, series == AXIAL ? "B30f" : "B70f")
                .text(DicomTag.SERIES_DESCRIPTION, String.format(Locale.ROOT, "Body %.1f %s", thickness,
                        series == AXIAL ? "B30f" : "B70f"))
                .numbers(DicomTag.SLICE_THICKNESS, thickness)
                .numbers(DicomTag.INSTANCE_NUMBER, instance)
                .numbers(DicomTag.IMAGE_POSITION_PATIENT, position)
                .numbers(DicomTag.IMAGE_ORIENTATION_PATIENT, row[0], row[1], row[2], -down[0], -down[1], -down[2])
                .numbers(DicomTag.PIXEL_SPACING, las.voxelSizes()[1], las.voxelSizes()[0]);
        image(w, series, index, las.shape().ny(), las.shape().nx(), pixels, study);
    }

    /** A coronal projection: the mean HU along the anterior-posterior axis, superior at the top. */
    private void writeLocalizer(Path study) throws IOException {
        Shape s = las.shape();
        short[] pixels = new short[s.nx() * s.nz()];
        for (int r = 0; r < s.nz(); r++) {
            for (int c = 0; c < s.nx(); c++) {
                double sum = 0;
                for (int j = 0; j < s.ny(); j++) {
                    sum += las.value(c, j, s.nz() - 1 - r);
                }
                pixels[r * s.nx() + c] = stored(Math.round(sum / s.ny()));
            }
        }
        DicomWriter w = common(LOCALIZER)
                .texts(DicomTag.IMAGE_TYPE, "ORIGINAL", "PRIMARY", "LOCALIZER")
                .text(DicomTag.SERIES_DESCRIPTION, "Topogram")
                .numbers(DicomTag.INSTANCE_NUMBER, 1)
                .numbers(DicomTag.IMAGE_POSITION_PATIENT, position(0, s.ny() / 2.0, s.nz() - 1))
                .numbers(DicomTag.IMAGE_ORIENTATION_PATIENT, 1, 0, 0, 0, 0, -1)
                .numbers(DicomTag.PIXEL_SPACING, las.voxelSizes()[2], las.voxelSizes()[0]);
        image(w, LOCALIZER, 0, s.nz(), s.nx(), pixels, study);
    }

    /** The attributes every image of the study shares, and its series'. */
    private DicomWriter common(int series) {
        Subject subject = scan.subject();
        LocalDate firstStudy = FIRST_STUDY.plusDays(subjectIndex % 365);
        LocalDate born = firstStudy.minusDays(Math.round(subject.age() * DAYS_PER_YEAR));
        LocalDate studied = firstStudy.plusDays(Math.round(scan.years() * DAYS_PER_YEAR));
        return new DicomWriter()
                .text(DicomTag.PATIENT_ID, subject.subjectId())
                .text(DicomTag.PATIENT_SEX, subject.sex())
                .text(DicomTag.PATIENT_BIRTH_DATE, born.format(DateTimeFormatter.BASIC_ISO_DATE))
                .numbers(DicomTag.PATIENT_SIZE, subject.heightCm() / 100)
                .numbers(DicomTag.PATIENT_WEIGHT, subject.weightKg())
                .text(DicomTag.PATIENT_AGE, subjectIndex % 2 == 0 ? String.format(Locale.ROOT, "%03dY", (int) Math.floor(scan.age()))
                        : null)
                .text(DicomTag.STUDY_DATE, studied.format(DateTimeFormatter.BASIC_ISO_DATE))
                .text(DicomTag.MODALITY, "CT")
                .text(DicomTag.MANUFACTURER, "cohortseg")
                .text(DicomTag.MANUFACTURER_MODEL_NAME, "phantom " + scan.scanner())
                .numbers(DicomTag.KVP, 120)
                .numbers(DicomTag.XRAY_TUBE_CURRENT, 200)
                .text(DicomTag.CONTRAST_BOLUS_AGENT, scan.contrast() ? "Iohexol" : null)
                .text(DicomTag.BODY_PART_EXAMINED, "WHOLEBODY")
                .text(DicomTag.STUDY_INSTANCE_UID, uid("study"))
                .text(DicomTag.SERIES_INSTANCE_UID, uid("series " + series))
                .text(DicomTag.FRAME_OF_REFERENCE_UID, uid("frame"))
                .numbers(DicomTag.SERIES_NUMBER, series);
    }

    private void image(DicomWriter w, int series, int index, int rows, int columns, short[] pixels, Path study)
            throws IOException {
        w.text(DicomTag.SOP_INSTANCE_UID, uid("series " + series + " image " + index))
                .unsignedShort(DicomTag.SAMPLES_PER_PIXEL, 1)
                .text(DicomTag.PHOTOMETRIC_INTERPRETATION, "MONOCHROME2")
                .unsignedShort(DicomTag.ROWS, rows)
                .unsignedShort(DicomTag.COLUMNS, columns)
                .unsignedShort(DicomTag.BITS_ALLOCATED, 16)
                .unsignedShort(DicomTag.BITS_STORED, 16)
                .unsignedShort(DicomTag.HIGH_BIT, 15)
                .unsignedShort(DicomTag.PIXEL_REPRESENTATION, 1)
                .numbers(DicomTag.RESCALE_INTERCEPT, offsetStorage ? -1024 : 0)
                .numbers(DicomTag.RESCALE_SLOPE, 1);
        Path file = flat ? study.resolve(String.format(Locale.ROOT, "%d_%04d.dcm", series, index))
                : study.resolve(String.format(Locale.ROOT, "%d", series)).resolve(String.format(Locale.ROOT, "IM%04d", index));
        Files.createDirectories(file.getParent());
        Files.write(file, w.toBytes(pixels));
    }

    private String uid(String what) {
        return uid(seed, scan.scanId(), what);
    }

    private static String uid(long seed, String scanId, String what) {
        return DicomWriter.uidOf("cohortseg phantom " + seed + " " + scanId + " " + what);
    }

    /** The StudyInstanceUID of scan {@code scanId} in the cohort of {@code seed}: how an index row finds its ground truth. */
    static String studyUid(long seed, String scanId) {
        return uid(seed, scanId, "study");
    }
}
