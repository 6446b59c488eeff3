package org.cohortseg.jobs;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.cohortseg.report.StudyReport;
import org.cohortseg.stats.AgingStudy;
import org.cohortseg.stats.Measure;
import org.cohortseg.stats.StructureObservation;

/**
 * The statistics job: reads DIR/measurements (and covariates from DIR/scans), runs the aging study
 * on the driver (a cohort's measurement table is small: 4004 scans x 117 structures is half a
 * million rows) and writes DIR2/age_associations, age_groups, trajectories, centiles and
 * scan_zscores as Parquet, and the self-contained report DIR2/report.html.
 */
public final class StatsJob {
    private StatsJob() {
    }

    /**
     * What a run read and wrote.
     *
     * @param leftOut scans left out of the statistics (no usable age or sex), each with the reason
     */
    public record Summary(AgingStudy.Result result, long scans, Map<String, String> leftOut, Path report) {
    }

    /** Runs the study on the tables in {@code tables} and writes the results to {@code out}. */
    public static Summary run(SparkSession spark, String tables, String out, AgingStudy.Config config,
                              java.io.PrintStream log) throws IOException {
        Dataset<Row> m = spark.read().parquet(new Path(tables, "measurements").toString())
                .dropDuplicates("scan_id", "structure");
        Map<String, Map<String, String>> covariates = covariates(spark, tables, config.covariates());
        List<StructureObservation> observations = new ArrayList<>();
        Map<String, String> leftOut = new java.util.TreeMap<>();
        Set<String> scans = new HashSet<>();
        boolean hasIssues = Arrays.asList(m.columns()).contains("manifest_issues");
        Dataset<Row> rows = m.select(col("scan_id"), col("structure"), col("category"), col("age"), col("sex"),
                col(Measure.VOLUME_ML.column()), col(Measure.MEAN_HU.column()),
                hasIssues ? col("manifest_issues") : functions.lit(null).cast("string"));
        for (Row r : rows.collectAsList()) {
            Boolean male = Demographics.sex(r.getString(4));
            String scan = r.getString(0);
            if (r.isNullAt(3) || male == null) {
                leftOut.put(scan, r.isNullAt(7) ? (r.isNullAt(3) ? "age missing" : "sex '" + r.getString(4) + "' is not F or M")
                        : r.getString(7));
                continue;
            }
            scans.add(scan);
            observations.add(new StructureObservation(scan, r.getString(1), r.getString(2), r.getDouble(3), male,
                    r.isNullAt(5) ? null : r.getDouble(5), r.isNullAt(6) ? null : r.getDouble(6),
                    covariates.getOrDefault(scan, Map.of())));
        }
        AgingStudy.Result result = AgingStudy.run(observations, config);
        write(spark, out, "age_associations", result.associations(), StatsTables.ASSOCIATIONS);
        write(spark, out, "age_groups", result.groups(), StatsTables.GROUPS);
        write(spark, out, "trajectories", result.trajectories(), StatsTables.TRAJECTORIES);
        write(spark, out, "centiles", result.centiles(), StatsTables.CENTILES);
        write(spark, out, "scan_zscores", result.zScores(), StatsTables.ZSCORES);
        Path report = new Path(out, "report.html");
        String html = StudyReport.html(result, observations, qc(spark, tables, m, scans.size(), leftOut));
        try (java.io.OutputStream os = report.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(report, true)) {
            os.write(html.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        log.printf(Locale.ROOT, "cohortseg stats: %d scans, %d associations, %d scans left out for their age or sex -> %s%n",
                scans.size(), result.associations().size(), leftOut.size(), out);
        leftOut.forEach((scan, why) -> log.printf(Locale.ROOT, "  left out %s: %s%n", scan, why));
        return new Summary(result, scans.size(), leftOut, report);
    }

    /** Failed scans (with no OK row in any run) and NULL reasons per structure, for the report's QC section. */
    private static StudyReport.Qc qc(SparkSession spark, String tables, Dataset<Row> measurements, long scansOk,
                                   Map<String, String> leftOut) {
        Dataset<Row> scans = spark.read().parquet(new Path(tables, "scans").toString());
        Dataset<Row> ok = scans.where(col("status").equalTo("OK")).select(col("scan_id").as("ok_scan_id")).distinct();
        List<String[]> failed = new ArrayList<>();
        for (Row r : scans.where(col("status").equalTo("FAILED")).join(ok, col("scan_id").equalTo(col("ok_scan_id")),
                "left_anti").select("scan_id", "error_class", "error_message").orderBy("scan_id").collectAsList()) {
            failed.add(new String[] {String.valueOf(r.get(0)), r.getString(1), r.getString(2)});
        }
        Map<String, Map<String, Long>> exclusions = new java.util.TreeMap<>();
        for (Row r : measurements.where(col("null_reason").isNotNull()).groupBy("structure", "null_reason").count()
                .collectAsList()) {
            exclusions.computeIfAbsent(r.getString(0), k -> new java.util.TreeMap<>()).put(r.getString(1), r.getLong(2));
        }
        return new StudyReport.Qc(scansOk, failed, exclusions, leftOut);
    }

    private static <T> void write(SparkSession spark, String out, String name, List<T> rows, TableColumns<T> table) {
        List<Row> converted = rows.stream().map(table::row).toList();
        spark.createDataFrame(converted, table.schema()).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(new Path(out, name).toString());
    }

    /** Covariate values per scan, from the scans table's OK rows. */
    private static Map<String, Map<String, String>> covariates(SparkSession spark, String tables, List<String> names) {
        Map<String, Map<String, String>> out = new HashMap<>();
        if (names.isEmpty()) {
            return out;
        }
        Dataset<Row> scans = spark.read().parquet(new Path(tables, "scans").toString()).where(col("status").equalTo("OK"));
        List<String> missing = new ArrayList<>(names);
        missing.removeAll(Arrays.asList(scans.columns()));
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("covariates " + missing + " are not columns of " + tables + "/scans");
        }
        List<String> columns = new ArrayList<>(List.of("scan_id"));
        columns.addAll(names);
        for (Row r : scans.selectExpr(columns.toArray(new String[0])).collectAsList()) {
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                values.put(names.get(i), r.isNullAt(i + 1) ? "unknown" : r.get(i + 1).toString());
            }
            out.put(r.getString(0), values);
        }
        return out;
    }
}
