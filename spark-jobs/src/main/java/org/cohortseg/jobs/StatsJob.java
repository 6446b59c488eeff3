package org.cohortseg.jobs;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.cohortseg.report.StudyReport;
import org.cohortseg.stats.AgingStudy;
import org.cohortseg.stats.PopulationStudy;
import org.cohortseg.stats.StructureObservation;

/**
 * The statistics job: reads DIR/measurements (and covariates from DIR/scans), runs the aging study
 * and the analyses beyond it ({@link PopulationStudy}) on the driver (a cohort's measurement table
 * is small: 4004 scans x 117 structures is half a million rows) and writes every table of
 * {@link StatsTables#ALL} as Parquet, and the self-contained report DIR2/report.html.
 */
public final class StatsJob {
    private StatsJob() {
    }

    /**
     * What a run read and wrote.
     *
     * @param leftOut scans left out of the statistics (no usable age or sex), each with the reason
     */
    public record Summary(PopulationStudy.Result study, long scans, Map<String, String> leftOut, Path report) {

        /** The aging study of the paper. */
        public AgingStudy.Result result() {
            return study.paper();
        }
    }

    /** Runs the study on the tables in {@code tables} and writes the results to {@code out}. */
    public static Summary run(SparkSession spark, String tables, String out, PopulationStudy.Config config,
                              java.io.PrintStream log) throws IOException {
        MeasurementTable.Read input = MeasurementTable.read(spark, tables, config);
        List<StructureObservation> observations = input.observations();
        Map<String, String> leftOut = input.leftOut();
        Dataset<Row> m = input.measurements();
        PopulationStudy.Result study = PopulationStudy.run(observations, config);
        AgingStudy.Result result = study.paper();
        write(spark, out, StatsTables.ASSOCIATIONS, result.associations());
        write(spark, out, StatsTables.GROUPS, result.groups());
        write(spark, out, StatsTables.TRAJECTORIES, result.trajectories());
        write(spark, out, StatsTables.CENTILES, result.centiles());
        write(spark, out, StatsTables.ZSCORES, result.zScores());
        write(spark, out, ModelTables.CENTILE_MODELS, study.centiles().models());
        write(spark, out, ModelTables.SCAN_CENTILES, study.centiles().scans());
        write(spark, out, ModelTables.ADJUSTED_ASSOCIATIONS, study.adjusted());
        write(spark, out, ModelTables.HARMONIZED_MEASUREMENTS, study.harmonization().values());
        write(spark, out, ModelTables.HARMONIZATION_CHECKS, study.harmonization().checks());
        write(spark, out, ModelTables.ORGAN_AGE, study.organAge().rows());
        write(spark, out, ModelTables.ORGAN_AGE_FOLDS, study.organAge().folds());
        write(spark, out, ModelTables.LONGITUDINAL_EFFECTS, study.longitudinal());
        write(spark, out, ModelTables.QC_FLAGS, study.qcFlags());
        Path report = new Path(out, "report.html");
        String html = StudyReport.html(study, config.harmonizeBy(), config.excludeFlagged(), observations, qc(spark, tables, m, input.scans(), leftOut));
        try (java.io.OutputStream os = report.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(report, true)) {
            os.write(html.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        log.printf(Locale.ROOT, "cohortseg stats: %d scans, %d associations, %d scans left out for their age or sex -> %s%n",
                input.scans(), result.associations().size(), leftOut.size(), out);
        leftOut.forEach((scan, why) -> log.printf(Locale.ROOT, "  left out %s: %s%n", scan, why));
        study.harmonization().reasons().forEach((measure, why) -> log.printf(Locale.ROOT,
                "  %s not harmonised: %s%n", measure.column(), why));
        study.organAge().summaries().stream().filter(x -> x.reason() != null).forEach(x -> log.printf(Locale.ROOT,
                "  no organ age for %s, %s: %s%n", x.system(), x.sex().label(), x.reason()));
        return new Summary(study, input.scans(), leftOut, report);
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

    private static <T> void write(SparkSession spark, String out, StatsTable<T> table, List<T> rows) {
        List<Row> converted = rows.stream().map(table.columns()::row).toList();
        spark.createDataFrame(converted, table.columns().schema()).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(new Path(out, table.name()).toString());
    }
}
