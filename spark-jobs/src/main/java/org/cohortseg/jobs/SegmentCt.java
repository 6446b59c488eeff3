package org.cohortseg.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
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
 * from SQL, through the same pipeline and rows as the cohort job (CPU, one thread per task). A public
 * class with a no-argument constructor, so that PySpark registers it by name:
 * {@code spark.udf.registerJavaFunction("segment_ct", "org.cohortseg.jobs.SegmentCt", ddl)}.
 */
public final class SegmentCt implements UDF2<String, String, Row> {
    private static final long serialVersionUID = 1L;
    /** The function's return type. */
    public static final StructType RESULT = new StructType()
            .add("status", DataTypes.StringType)
            .add("error_class", DataTypes.StringType)
            .add("error_message", DataTypes.StringType)
            .add("structures", DataTypes.createArrayType(Tables.STRUCTURE.schema()));

    private final SerializableConfiguration conf;

    /** The function on the Hadoop configuration of the active session (where registration runs), if any. */
    public SegmentCt() {
        this(SparkSession.getActiveSession().isDefined()
                ? SparkSession.getActiveSession().get().sparkContext().hadoopConfiguration() : new Configuration());
    }

    /** The function reading scans and models with {@code conf}. */
    public SegmentCt(Configuration conf) {
        this.conf = new SerializableConfiguration(conf);
    }

    /** The return type in DDL, for PySpark's {@code registerJavaFunction}. */
    public static String ddl() {
        return RESULT.toDDL();
    }

    /** Registers {@code segment_ct} on {@code spark} (for Java and Scala callers). */
    public static void register(SparkSession spark) {
        spark.udf().register("segment_ct", new SegmentCt(spark.sparkContext().hadoopConfiguration()), RESULT);
    }

    @Override
    public Row call(String path, String model) throws Exception {
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
    }
}
