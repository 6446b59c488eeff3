package org.cohortseg.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scans_latest and measurements_latest count each scan once, whatever its tries. */
class CohortTablesTest {
    private static final StructType SCANS = new StructType().add("scan_id", DataTypes.StringType)
            .add("status", DataTypes.StringType).add("model_id", DataTypes.StringType)
            .add("processed_at", DataTypes.TimestampType).add("run_id", DataTypes.StringType);
    private static final StructType MEASUREMENTS = new StructType().add("scan_id", DataTypes.StringType)
            .add("structure", DataTypes.StringType).add("run_id", DataTypes.StringType);

    @TempDir
    Path tmp;

    private static Row scan(String scan, String status, String model, int minute, String run) {
        return RowFactory.create(scan, status, model, Timestamp.valueOf("2026-12-01 10:%02d:00".formatted(minute)), run);
    }

    @Test
    void theLatestRowPerScanAndModelCountsAnOkRowFirst() throws Exception {
        SparkSession spark = SharedSpark.get();
        spark.createDataFrame(List.of(
                scan("failed_then_ok", "FAILED", "m", 1, "r1"), scan("failed_then_ok", "OK", "m", 2, "r2"),
                scan("ok_then_failed", "OK", "m", 1, "r1"), scan("ok_then_failed", "FAILED", "m", 2, "r2"),
                scan("failed_twice", "FAILED", "m", 1, "r1"), scan("failed_twice", "FAILED", "m", 2, "r2"),
                scan("two_models", "OK", "m", 1, "r1"), scan("two_models", "OK", "other", 2, "r2"),
                scan("ok_twice", "OK", "m", 1, "r1"), scan("ok_twice", "OK", "m", 2, "r2")), SCANS)
                .write().parquet(tmp.resolve("scans").toString());
        spark.createDataFrame(List.of(RowFactory.create("failed_then_ok", "liver", "r2"),
                RowFactory.create("ok_then_failed", "liver", "r1"), RowFactory.create("two_models", "liver", "r1"),
                RowFactory.create("two_models", "liver", "r2"), RowFactory.create("ok_twice", "liver", "r1"),
                RowFactory.create("ok_twice", "liver", "r2")), MEASUREMENTS)
                .write().parquet(tmp.resolve("measurements").toString());
        SqlNotebook.registerViews(spark, tmp.toString(), null);
        assertEquals(List.of("failed_then_ok OK r2", "failed_twice FAILED r2", "ok_then_failed OK r1", "ok_twice OK r2",
                "two_models OK r1", "two_models OK r2"), strings(spark.sql(
                        "SELECT concat_ws(' ', scan_id, status, run_id) FROM scans_latest ORDER BY 1").collectAsList()));
        assertEquals(List.of("failed_then_ok r2", "ok_then_failed r1", "ok_twice r2", "two_models r1", "two_models r2"),
                strings(spark.sql("SELECT concat_ws(' ', scan_id, run_id) FROM measurements_latest ORDER BY 1").collectAsList()));
        assertEquals(List.of(SCANS.fieldNames()), List.of(spark.table("scans_latest").columns()), "the scans table's columns");
    }

    private static List<String> strings(List<Row> rows) {
        return rows.stream().map(r -> r.getString(0)).toList();
    }
}
