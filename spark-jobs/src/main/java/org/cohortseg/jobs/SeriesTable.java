package org.cohortseg.jobs;

import static org.cohortseg.jobs.Column.bigint;
import static org.cohortseg.jobs.Column.bool;
import static org.cohortseg.jobs.Column.integer;
import static org.cohortseg.jobs.Column.real;
import static org.cohortseg.jobs.Column.text;

import java.util.List;
import org.cohortseg.dicom.index.IndexedSeries;
import org.cohortseg.dicom.index.InstanceHeader;

/**
 * The index's tables: {@code series} (one row per DICOM series found) and the manifest of the
 * selected series, which {@code segment} takes as it is.
 */
public final class SeriesTable {
    private static final TableColumns<IndexedSeries> IDENTITY = TableColumns.of(
            text("scan_id", s -> s.summary().first().seriesKey(), "the series' id: its SeriesInstanceUID"),
            text("subject_id", IndexedSeries::subjectId, "PatientID, or its keyed hash with `--pseudonymize`"),
            text("path", IndexedSeries::path, "where `segment` reads it: its folder or zip, with `#SeriesInstanceUID` "
                    + "when other series share it"),
            real("age", s -> s.summary().age(), "age at the study in years: PatientAge, else StudyDate - PatientBirthDate"),
            text("sex", s -> s.summary().first().sex(), "PatientSex"));
    private static final TableColumns<IndexedSeries> BODY = TableColumns.of(
            real("height_cm", s -> s.summary().first().heightM() == null ? null
                    : Math.round(s.summary().first().heightM() * 1e4) / 100.0, "PatientSize in cm (to 0.01 cm)"),
            real("weight_kg", s -> s.summary().first().weightKg(), "PatientWeight"));
    private static final TableColumns<IndexedSeries> ACQUISITION = TableColumns.of(
            text("study_uid", s -> s.summary().first().studyUid(), "StudyInstanceUID"),
            text("study_date", s -> s.summary().first().studyDate(), "StudyDate (yyyymmdd)"),
            text("scanner", s -> s.summary().scanner(), "Manufacturer and ManufacturerModelName"),
            real("kvp", s -> s.summary().first().kvp(), "KVP"),
            real("tube_current_ma", s -> s.summary().first().tubeCurrent(), "XRayTubeCurrent (mA)"),
            text("kernel", s -> s.summary().first().kernel(), "ConvolutionKernel"),
            bool("contrast", s -> s.summary().contrast(), "whether ContrastBolusAgent names an agent"),
            text("contrast_agent", s -> s.summary().first().contrastAgent(), "ContrastBolusAgent"),
            text("body_part", s -> s.summary().first().bodyPart(), "BodyPartExamined"),
            real("slice_thickness_mm", s -> s.summary().first().sliceThickness(), "SliceThickness"),
            real("slice_spacing_mm", s -> s.summary().sliceSpacing(), "median distance between slices, from their positions"));
    private static final TableColumns<IndexedSeries> SERIES = TableColumns.of(
            integer("series_number", s -> s.summary().first().seriesNumber(), "SeriesNumber"),
            text("series_description", s -> s.summary().first().seriesDescription(), "SeriesDescription"),
            text("modality", s -> s.summary().first().modality(), "Modality"),
            text("manufacturer", s -> s.summary().first().manufacturer(), "Manufacturer"),
            text("model", s -> s.summary().first().model(), "ManufacturerModelName"),
            text("image_type", s -> s.summary().first().imageType(), "ImageType, values joined by `\\`"),
            real("pixel_spacing_row_mm", s -> spacing(s.summary().first(), 0), "PixelSpacing: between rows"),
            real("pixel_spacing_column_mm", s -> spacing(s.summary().first(), 1), "PixelSpacing: between columns"),
            integer("rows", s -> s.summary().first().rows(), "Rows"),
            integer("columns", s -> s.summary().first().columns(), "Columns"),
            integer("slices", s -> s.summary().slices(), "images in the series (frames included)"),
            real("z_coverage_mm", s -> s.summary().zCoverage(), "distance from the first to the last slice along the normal"),
            real("slice_spacing_min_mm", s -> s.summary().sliceSpacingMin(), "smallest distance between neighbouring slices"),
            real("slice_spacing_max_mm", s -> s.summary().sliceSpacingMax(), "largest distance between neighbouring slices"),
            text("orientation", s -> s.summary().orientation(), "ImageOrientationPatient of the first slice"),
            text("plane", s -> s.summary().plane(), "axial, coronal or sagittal: the axis nearest the slice normal"),
            real("gantry_tilt_deg", s -> s.summary().tiltDegrees(), "angle between the slice normal and the line through "
                    + "the slices' positions"),
            text("transfer_syntaxes", s -> s.summary().syntaxes(), "transfer syntax UIDs, space-separated"),
            integer("files", s -> s.summary().files(), "files of the series"),
            bigint("bytes", s -> s.summary().bytes(), "their total size"),
            bool("usable", IndexedSeries::usable, "whether the study can use it (`reasons` says why not)"),
            text("reasons", IndexedSeries::reasonText, "why not, `; `-separated: not CT, localizer, derived, too few "
                    + "slices, missing slice, gantry tilt, slices too thick, ..."),
            bool("selected", IndexedSeries::selected, "whether it is its study's series in manifest.csv"));

    /** The manifest's columns: what {@code segment} needs, body size, then the acquisition for {@code stats --covariates}. */
    public static final TableColumns<IndexedSeries> MANIFEST = IDENTITY.then(BODY).then(ACQUISITION);
    /** The series table. */
    public static final TableColumns<IndexedSeries> ALL = MANIFEST.then(SERIES);

    private SeriesTable() {
    }

    private static Double spacing(InstanceHeader h, int axis) {
        return h.pixelSpacing() == null ? null : h.pixelSpacing()[axis];
    }

    /** The manifest's header. */
    static List<String> manifestHeader() {
        return MANIFEST.columns().stream().map(Column::name).toList();
    }
}
