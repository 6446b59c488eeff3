package org.cohortseg.jobs;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.cohortseg.measure.HuSummary;
import org.cohortseg.measure.StructureCategory;
import org.cohortseg.measure.StructureMeasures;
import org.cohortseg.pipeline.ImageGeometry;
import org.cohortseg.pipeline.ScanOutcome;

/**
 * The schemas of the two output tables and the conversion of a scan's outcome into their rows.
 * Column names are stable: analysts' SQL depends on them (documented in README.md).
 *
 * <p>{@code scans}: the manifest's columns, then the run's result columns. {@code measurements}:
 * one row per scan and structure, with age and sex repeated so that common questions need no join.
 * Absent or incomplete structures have NULL measures and a {@code null_reason}, never 0.
 */
public final class Tables {
    /** Stage names reported as {@code seconds_<stage>} in the scans table. */
    public static final List<String> STAGES = List.of("read", "orient", "resample", "normalize", "infer", "blend",
            "restore", "measure");

    private static final List<StructField> SCAN_RESULT = fields(
            "manifest_issues", DataTypes.StringType, "status", DataTypes.StringType, "error_class", DataTypes.StringType, "error_message", DataTypes.StringType,
            "resolved_path", DataTypes.StringType, "input_bytes", DataTypes.LongType,
            "image_shape_x", DataTypes.IntegerType, "image_shape_y", DataTypes.IntegerType,
            "image_shape_z", DataTypes.IntegerType, "image_spacing_x_mm", DataTypes.DoubleType,
            "image_spacing_y_mm", DataTypes.DoubleType, "image_spacing_z_mm", DataTypes.DoubleType,
            "image_orientation", DataTypes.StringType, "image_datatype", DataTypes.StringType);

    private static final List<StructField> RUN = fields(
            "model_id", DataTypes.StringType, "model_sha256", DataTypes.StringType,
            "software_version", DataTypes.StringType, "executor_id", DataTypes.StringType,
            "task_attempt", DataTypes.IntegerType, "processed_at", DataTypes.TimestampType,
            "run_id", DataTypes.StringType);

    /** The per-structure values, shared by the measurements table and the segment_ct UDF. */
    public static final StructType STRUCTURE = new StructType(fields(
            "structure", DataTypes.StringType, "label_id", DataTypes.IntegerType, "category", DataTypes.StringType,
            "voxel_count", DataTypes.LongType, "volume_mm3", DataTypes.DoubleType, "volume_ml", DataTypes.DoubleType,
            "mean_hu", DataTypes.DoubleType, "std_hu", DataTypes.DoubleType, "min_hu", DataTypes.DoubleType,
            "max_hu", DataTypes.DoubleType, "median_hu", DataTypes.DoubleType, "p5_hu", DataTypes.DoubleType,
            "p95_hu", DataTypes.DoubleType, "centroid_x_mm", DataTypes.DoubleType,
            "centroid_y_mm", DataTypes.DoubleType, "centroid_z_mm", DataTypes.DoubleType,
            "bbox_min_x", DataTypes.IntegerType, "bbox_min_y", DataTypes.IntegerType, "bbox_min_z", DataTypes.IntegerType,
            "bbox_max_x", DataTypes.IntegerType, "bbox_max_y", DataTypes.IntegerType, "bbox_max_z", DataTypes.IntegerType,
            "touches_border", DataTypes.BooleanType, "air_fraction", DataTypes.DoubleType,
            "mostly_air", DataTypes.BooleanType, "null_reason", DataTypes.StringType).toArray(new StructField[0]));

    private Tables() {
    }

    private static List<StructField> fields(Object... nameType) {
        List<StructField> f = new ArrayList<>();
        for (int i = 0; i < nameType.length; i += 2) {
            f.add(DataTypes.createStructField((String) nameType[i], (DataType) nameType[i + 1], true));
        }
        return f;
    }

    /** Identity of one run: what every row records about how it was made. */
    public record RunInfo(String modelId, String modelSha256, String softwareVersion, String runId)
            implements java.io.Serializable {
    }

    /**
     * The scans table: manifest columns, results, seconds per stage, run columns.
     *
     * @throws IllegalArgumentException when a manifest column has the name of a result column
     */
    public static StructType scansSchema(StructType manifest) {
        List<StructField> f = new ArrayList<>(List.of(manifest.fields()));
        java.util.Set<String> taken = new java.util.HashSet<>(List.of(manifest.fieldNames()));
        f.addAll(SCAN_RESULT);
        for (String stage : STAGES) {
            f.add(DataTypes.createStructField("seconds_" + stage, DataTypes.DoubleType, true));
        }
        f.add(DataTypes.createStructField("seconds_total", DataTypes.DoubleType, true));
        f.addAll(RUN);
        for (StructField field : f.subList(manifest.fields().length, f.size())) {
            if (taken.contains(field.name())) {
                throw new IllegalArgumentException("the manifest column '" + field.name()
                        + "' has the name of a result column of the scans table: rename it");
            }
        }
        return new StructType(f.toArray(new StructField[0]));
    }

    /** The measurements table. */
    public static StructType measurementsSchema() {
        List<StructField> f = new ArrayList<>(fields("scan_id", DataTypes.StringType, "subject_id", DataTypes.StringType,
                "age", DataTypes.DoubleType, "sex", DataTypes.StringType, "manifest_issues", DataTypes.StringType));
        f.addAll(List.of(STRUCTURE.fields()));
        f.addAll(fields("model_id", DataTypes.StringType, "model_sha256", DataTypes.StringType,
                "run_id", DataTypes.StringType));
        return new StructType(f.toArray(new StructField[0]));
    }

    /** A scans-table row. */
    public static Row scanRow(ScanTask task, ScanOutcome o, RunInfo run, String executorId, int attempt, Timestamp at) {
        List<Object> v = new ArrayList<>(task.manifestValues());
        ImageGeometry g = o.geometry();
        v.add(task.manifestIssues());
        v.add(o.status().name());
        v.add(o.errorClass());
        v.add(o.errorMessage());
        v.add(task.path());
        v.add(task.sizeBytes());
        if (g == null) {
            v.addAll(java.util.Collections.nCopies(8, null));
        } else {
            v.addAll(List.of(g.nx(), g.ny(), g.nz(), g.spacingX(), g.spacingY(), g.spacingZ(), g.orientation(), g.datatype()));
        }
        double total = 0;
        for (String stage : STAGES) {
            Double s = o.seconds().get(stage);
            v.add(s);
            total += s == null ? 0 : s;
        }
        v.add(total);
        v.addAll(List.of(run.modelId(), run.modelSha256(), run.softwareVersion(), executorId));
        v.add(attempt);
        v.add(at);
        v.add(run.runId());
        return RowFactory.create(v.toArray());
    }

    /** Measurements-table rows of an OK scan (none for a failed one). */
    public static List<Row> measurementRows(ScanTask task, ScanOutcome o, RunInfo run) {
        List<Row> rows = new ArrayList<>();
        for (StructureMeasures m : o.measures()) {
            List<Object> v = new ArrayList<>(List.of(task.scanId(), task.subjectId()));
            v.add(task.age());
            v.add(task.sex());
            v.add(task.manifestIssues());
            v.addAll(structureValues(m));
            v.addAll(java.util.Arrays.asList(run.modelId(), run.modelSha256(), run.runId()));
            rows.add(RowFactory.create(v.toArray()));
        }
        return rows;
    }

    /** One structure as a {@link #STRUCTURE} row. */
    public static Row structureRow(StructureMeasures m) {
        return RowFactory.create(structureValues(m).toArray());
    }

    private static List<Object> structureValues(StructureMeasures m) {
        String reason = m.exclusionReason();
        boolean usable = reason == null;
        HuSummary hu = m.hu();
        List<Object> v = new ArrayList<>();
        v.add(m.name());
        v.add(m.labelId());
        v.add(StructureCategory.of(m.name()).label());
        v.add(m.voxelCount());
        v.add(usable ? m.volumeMm3() : null);
        v.add(usable ? m.volumeMl() : null);
        for (int k = 0; k < 7; k++) {
            v.add(usable ? huValue(hu, k) : null);
        }
        for (int a = 0; a < 3; a++) {
            v.add(m.absent() ? null : m.centroidWorld()[a]);
        }
        for (int[] box : new int[][] {m.bboxMin(), m.bboxMax()}) {
            for (int a = 0; a < 3; a++) {
                v.add(box == null ? null : box[a]);
            }
        }
        v.add(m.touchesBorder());
        v.add(m.absent() ? null : hu.airFraction());
        v.add(m.mostlyAir());
        v.add(reason);
        return v;
    }

    private static double huValue(HuSummary hu, int k) {
        return switch (k) {
            case 0 -> hu.mean();
            case 1 -> hu.std();
            case 2 -> hu.min();
            case 3 -> hu.max();
            case 4 -> hu.median();
            case 5 -> hu.p5();
            default -> hu.p95();
        };
    }
}
