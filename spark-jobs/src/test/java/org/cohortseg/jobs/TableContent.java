package org.cohortseg.jobs;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A table's rows as sorted strings, without the columns that differ between runs of the same inputs. */
final class TableContent {
    private static final List<String> RUN_SPECIFIC = List.of("executor_id", "task_attempt", "processed_at", "run_id");

    private TableContent() {
    }

    /** Every row (duplicates kept), sorted. */
    static List<String> rows(SparkSession spark, Path out, String table, String where) {
        Dataset<Row> d = spark.read().parquet(out.resolve(table).toString()).where(where);
        for (String c : d.columns()) {
            if (RUN_SPECIFIC.contains(c) || c.startsWith("seconds_")) {
                d = d.drop(c);
            }
        }
        return d.collectAsList().stream().map(Row::toString).sorted().toList();
    }

    static List<String> rows(SparkSession spark, Path out, String table) {
        return rows(spark, out, table, "true");
    }
}
