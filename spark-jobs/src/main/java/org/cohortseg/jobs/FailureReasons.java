package org.cohortseg.jobs;

import static org.apache.spark.sql.functions.asc;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Why a run's scans failed, as one line for the person who started it: each reason is in its
 * scan's row, but a cohort where every scan failed for the same reason (CUDA unavailable, say)
 * should say so once, not leave it to a query.
 */
final class FailureReasons {
    /** Error classes named; the rest are counted. */
    static final int SHOWN = 3;

    private FailureReasons() {
    }

    /** The line for the FAILED rows of run {@code runId} in the scans table {@code scans}. */
    static String line(SparkSession spark, Path scans, String runId) {
        List<Row> reasons = spark.read().parquet(scans.toString())
                .where(col("run_id").equalTo(runId).and(col("status").equalTo("FAILED")))
                .groupBy("error_class").agg(count(lit(1)).as("n"), min("error_message").as("example"))
                .orderBy(desc("n"), asc("error_class"))
                .collectAsList();
        List<String> parts = new ArrayList<>();
        long others = 0;
        for (int i = 0; i < reasons.size(); i++) {
            Row r = reasons.get(i);
            if (i < SHOWN) {
                parts.add(r.getLong(1) + " " + r.getString(0) + " (e.g. " + firstLine(r.getString(2)) + ")");
            } else {
                others += r.getLong(1);
            }
        }
        if (others > 0) {
            parts.add("and " + others + " more in " + (reasons.size() - SHOWN) + " other error classes");
        }
        return "cohortseg segment: FAILED scans: " + String.join("; ", parts);
    }

    private static String firstLine(String message) {
        return message == null ? "no message" : message.strip().lines().findFirst().orElse("no message");
    }
}
