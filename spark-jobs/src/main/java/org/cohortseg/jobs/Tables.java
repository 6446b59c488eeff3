package org.cohortseg.jobs;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.cohortseg.engine.Stage;
import org.cohortseg.measure.HuSummary;
import org.cohortseg.measure.StructureCategory;
import org.cohortseg.measure.StructureMeasures;
import org.cohortseg.pipeline.ImageGeometry;
import org.cohortseg.pipeline.ScanOutcome;

/**
 * The two output tables, declared column by column ({@link TableColumns}): schema, rows and the
 * README's column lists come from these declarations. Column names are stable: analysts' SQL
 * depends on them.
 *
 * <p>{@code scans}: the manifest's columns, then {@link #SCAN_RESULTS}. {@code measurements}: one
 * row per scan and structure, with age and sex repeated so that common questions need no join.
 * Absent or incomplete structures have NULL measures and a {@code null_reason}, never 0.
 */
public final class Tables {

    /** Identity of one run: what every row records about how it was made. */
    public record RunInfo(String modelId, String modelSha256, String softwareVersion, String runId)
            implements java.io.Serializable {
    }

    /** What a scans-table row describes: one try of one scan. */
    public record ScanTry(ScanTask task, ScanOutcome outcome, RunInfo run, String executorId, int attempt,
                          Timestamp processedAt) {
    }

    /** What a measurements-table row describes: one structure of one scan. */
    public record ScanStructure(ScanTask task, StructureMeasures structure, RunInfo run) {
    }

    /** What is wrong with a scan's manifest row (both tables). */
    private static final Column<ScanTask> MANIFEST_ISSUES = Column.text("manifest_issues", ScanTask::manifestIssues,
            "what is wrong with the manifest row's age or sex (NULL: nothing)");
    /** Which model made a row (both tables). */
    private static final TableColumns<RunInfo> MODEL = TableColumns.of(
            Column.text("model_id", RunInfo::modelId, "the model spec's id"),
            Column.text("model_sha256", RunInfo::modelSha256, "SHA-256 of the model's ONNX files"));
    /** Which run wrote a row (both tables: a resumed run keeps the rows of the runs before it). */
    private static final TableColumns<RunInfo> RUN_ID = TableColumns.of(
            Column.text("run_id", RunInfo::runId, "the run that wrote the row"));

    /** The per-structure values, shared by the measurements table and the segment_ct UDF. */
    public static final TableColumns<StructureMeasures> STRUCTURE = TableColumns.<StructureMeasures>of(
            Column.text("structure", StructureMeasures::name, "structure name, as in the model's label map"),
            Column.integer("label_id", StructureMeasures::labelId, "label id in the model's label map"),
            Column.text("category", m -> StructureCategory.of(m.name()).label(), "organ, bone, muscle or vessel"),
            Column.bigint("voxel_count", StructureMeasures::voxelCount, "voxels with this label (0: absent)"),
            usable(Column.real("volume_mm3", StructureMeasures::volumeMm3, "volume (mm3)")),
            usable(Column.real("volume_ml", StructureMeasures::volumeMl, "volume (ml)")),
            hu("mean_hu", HuSummary::mean, "mean attenuation (HU)"),
            hu("std_hu", HuSummary::std, "standard deviation of the attenuation (population, HU)"),
            hu("min_hu", HuSummary::min, "lowest attenuation (HU)"),
            hu("max_hu", HuSummary::max, "highest attenuation (HU)"),
            hu("median_hu", HuSummary::median, "median attenuation (HU)"),
            hu("p5_hu", HuSummary::p5, "5th percentile of the attenuation (HU, linear interpolation)"),
            hu("p95_hu", HuSummary::p95, "95th percentile of the attenuation (HU, linear interpolation)"),
            centroid("centroid_x_mm", 0), centroid("centroid_y_mm", 1), centroid("centroid_z_mm", 2),
            corner("bbox_min_x", StructureMeasures::bboxMin, 0, "smallest"),
            corner("bbox_min_y", StructureMeasures::bboxMin, 1, "smallest"),
            corner("bbox_min_z", StructureMeasures::bboxMin, 2, "smallest"),
            corner("bbox_max_x", StructureMeasures::bboxMax, 0, "largest"),
            corner("bbox_max_y", StructureMeasures::bboxMax, 1, "largest"),
            corner("bbox_max_z", StructureMeasures::bboxMax, 2, "largest"),
            Column.bool("touches_border", StructureMeasures::touchesBorder,
                    "the mask lies within 3 voxels of a face of the image (TotalSegmentator's incomplete rule)"),
            Column.real("air_fraction", m -> m.absent() ? null : m.hu().airFraction(),
                    "share of the structure's voxels below -500 HU"),
            Column.bool("mostly_air", StructureMeasures::mostlyAir, "over half in air for a structure that holds no "
                    + "air in life (not the lungs, airways or gut): a segmentation outside the body"),
            Column.text("null_reason", StructureMeasures::exclusionReason,
                    "`absent` or `incomplete`: the volume and HU columns are then NULL, never 0"));

    /** The columns of the scans table after the manifest's. */
    public static final TableColumns<ScanTry> SCAN_RESULTS = TableColumns.<ScanTry>of(
            MANIFEST_ISSUES.from(ScanTry::task),
            Column.text("status", t -> t.outcome().status().name(), "`OK` or `FAILED`"),
            Column.text("error_class", t -> t.outcome().errorClass(),
                    "the exception that stopped the scan, e.g. `CorruptCompressionException`, `NoBodyException`"),
            Column.text("error_message", t -> t.outcome().errorMessage(), "its message (credentials masked)"),
            Column.text("resolved_path", t -> t.task().path(), "the scan's resolved location"),
            Column.bigint("input_bytes", t -> t.task().sizeBytes(), "the file's size (-1: it could not be listed)"),
            geometry(Column.integer("image_shape_x", ImageGeometry::nx, "voxels along the stored x axis")),
            geometry(Column.integer("image_shape_y", ImageGeometry::ny, "voxels along the stored y axis")),
            geometry(Column.integer("image_shape_z", ImageGeometry::nz, "voxels along the stored z axis")),
            geometry(Column.real("image_spacing_x_mm", ImageGeometry::spacingX, "voxel size along x (mm)")),
            geometry(Column.real("image_spacing_y_mm", ImageGeometry::spacingY, "voxel size along y (mm)")),
            geometry(Column.real("image_spacing_z_mm", ImageGeometry::spacingZ, "voxel size along z (mm)")),
            geometry(Column.text("image_orientation", ImageGeometry::orientation,
                    "axis codes of the stored grid (nibabel's), e.g. `LPS`")),
            geometry(Column.text("image_datatype", ImageGeometry::datatype, "stored datatype, e.g. `INT16`")))
            .then(stageSeconds())
            .then(TableColumns.of(
                    Column.real("seconds_total", t -> t.outcome().seconds().values().stream()
                            .reduce(0.0, Double::sum), "seconds of all stages")))
            .then(MODEL.from(ScanTry::run))
            .then(TableColumns.of(Column.text("software_version", t -> t.run().softwareVersion(), "cohortseg's version"),
                    Column.text("executor_id", ScanTry::executorId, "the Spark executor that ran the scan"),
                    Column.integer("task_attempt", ScanTry::attempt, "Spark's attempt number of the task"),
                    Column.timestamp("processed_at", ScanTry::processedAt, "when the scan finished")))
            .then(RUN_ID.from(ScanTry::run));

    /** The measurements table. */
    public static final TableColumns<ScanStructure> MEASUREMENTS = TableColumns.<ScanStructure>of(
            Column.text("scan_id", s -> s.task().scanId(), "the manifest's scan id"),
            Column.text("subject_id", s -> s.task().subjectId(), "the manifest's subject id"),
            Column.real("age", s -> s.task().age(), "age in years (NULL: missing or implausible)"),
            Column.text("sex", s -> s.task().sex(), "sex as the manifest gives it"),
            MANIFEST_ISSUES.from(ScanStructure::task))
            .then(STRUCTURE.from(ScanStructure::structure))
            .then(MODEL.from(ScanStructure::run))
            .then(RUN_ID.from(ScanStructure::run));

    private Tables() {
    }

    private static Column<StructureMeasures> usable(Column<StructureMeasures> c) {
        return new Column<>(c.name(), c.type(), m -> m.exclusionReason() == null ? c.value().apply(m) : null, c.doc());
    }

    private static Column<StructureMeasures> hu(String name, ToDoubleFunction<HuSummary> value, String doc) {
        return usable(Column.real(name, m -> value.applyAsDouble(m.hu()), doc));
    }

    private static Column<StructureMeasures> centroid(String name, int axis) {
        return Column.real(name, m -> m.absent() ? null : m.centroidWorld()[axis],
                "world " + "xyz".charAt(axis) + " of the centroid (mm, RAS+)");
    }

    private static Column<StructureMeasures> corner(String name, Function<StructureMeasures, int[]> box, int axis,
                                                    String which) {
        return Column.integer(name, m -> box.apply(m) == null ? null : box.apply(m)[axis],
                which + " voxel index of the structure along " + "xyz".charAt(axis));
    }

    private static Column<ScanTry> geometry(Column<ImageGeometry> c) {
        return new Column<>(c.name(), c.type(), t -> t.outcome().geometry() == null ? null
                : c.value().apply(t.outcome().geometry()), c.doc());
    }

    private static TableColumns<ScanTry> stageSeconds() {
        List<Column<ScanTry>> columns = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            columns.add(Column.real(stage.column(), t -> t.outcome().seconds().get(stage), "seconds of " + stage.doc()));
        }
        return new TableColumns<>(columns);
    }

    /**
     * The scans table: manifest columns, then {@link #SCAN_RESULTS}.
     *
     * @throws IllegalArgumentException when a manifest column has the name of a result column
     */
    public static StructType scansSchema(StructType manifest) {
        Set<String> taken = new HashSet<>(List.of(manifest.fieldNames()));
        for (StructField field : SCAN_RESULTS.fields()) {
            if (taken.contains(field.name())) {
                throw new IllegalArgumentException("the manifest column '" + field.name()
                        + "' has the name of a result column of the scans table: rename it");
            }
        }
        List<StructField> f = new ArrayList<>(List.of(manifest.fields()));
        f.addAll(SCAN_RESULTS.fields());
        return new StructType(f.toArray(new StructField[0]));
    }

    /** The measurements table. */
    public static StructType measurementsSchema() {
        return MEASUREMENTS.schema();
    }

    /** A scans-table row. */
    public static Row scanRow(ScanTry t) {
        List<Object> v = new ArrayList<>(t.task().manifestValues());
        v.addAll(SCAN_RESULTS.values(t));
        return RowFactory.create(v.toArray());
    }

    /** Measurements-table rows of an OK scan (none for a failed one). */
    public static List<Row> measurementRows(ScanTask task, ScanOutcome o, RunInfo run) {
        return o.measures().stream().map(m -> MEASUREMENTS.row(new ScanStructure(task, m, run))).toList();
    }
}
