package org.cohortseg.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.cohortseg.io.Redaction;
import org.cohortseg.measure.StructureMeasures;
import org.cohortseg.pipeline.ScanOutcome;
import org.cohortseg.pipeline.ScanPipeline;

/**
 * The engine as a Spark SQL function: {@code segment_ct(path, model)} returns
 * {@code struct<status, error_class, error_message, structures: array<struct<structure, label_id,
 * category, voxel_count, volume_ml, mean_hu, ...>>>}, so an analyst can segment any table of paths
 * from SQL. It runs the same ScanWorker and rows as the cohort job.
 */
public final class SegmentCtUdf {
    /** The function's return type. */
    public static final StructType RESULT = new StructType()
            .add("status", DataTypes.StringType)
            .add("error_class", DataTypes.StringType)
            .add("error_message", DataTypes.StringType)
            .add("structures", DataTypes.createArrayType(Tables.STRUCTURE.schema()));

    private SegmentCtUdf() {
    }

    /** Registers {@code segment_ct} on {@code spark} (CPU, one thread per task). */
    public static void register(SparkSession spark) {
        SerializableConfiguration conf = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        UDF2<String, String, Row> f = (path, model) -> {
            TaskPipeline task = new TaskPipeline(EngineSettings.of(model), new ModelSource.Located(model, conf), conf.value());
            ScanPipeline pipeline = task.open(false);
            ScanTask scan = new ScanTask(path, null, Redaction.redact(path), -1, null, null, null,
                    ScanPaths.credentialsProblem(path), List.of());
            ScanOutcome o = pipeline.analyse(task.read(pipeline, scan));
            List<Row> structures = new ArrayList<>();
            for (StructureMeasures m : o.measures()) {
                structures.add(Tables.STRUCTURE.row(m));
            }
            return RowFactory.create(o.status().name(), o.errorClass(), o.errorMessage(), structures);
        };
        spark.udf().register("segment_ct", f, RESULT);
    }
}
