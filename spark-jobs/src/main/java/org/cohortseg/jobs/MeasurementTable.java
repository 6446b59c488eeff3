package org.cohortseg.jobs;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.cohortseg.stats.Measure;
import org.cohortseg.stats.PopulationStudy;
import org.cohortseg.stats.ScanInfo;
import org.cohortseg.stats.StructureObservation;

/**
 * A cohort's measurements as the statistics read them: one observation per scan and structure
 * (the latest row of each), with the scan's subject, age, sex and the manifest columns the settings
 * name (from the scans table's OK rows). Scans without a usable age or sex are left out, each with
 * its reason.
 */
final class MeasurementTable {
    private MeasurementTable() {
    }

    /**
     * What was read.
     *
     * @param observations every structure of every usable scan
     * @param leftOut scans left out, with the reason
     * @param scans usable scans
     * @param measurements the measurements table (one row per scan and structure)
     */
    record Read(List<StructureObservation> observations, Map<String, String> leftOut, int scans,
                Dataset<Row> measurements) {
    }

    static Read read(SparkSession spark, String tables, PopulationStudy.Config config) {
        Dataset<Row> m = spark.read().parquet(new Path(tables, "measurements").toString())
                .dropDuplicates("scan_id", "structure");
        Map<String, Map<String, String>> covariates = covariates(spark, tables, required(config),
                config.heightCovariate());
        List<StructureObservation> observations = new ArrayList<>();
        Map<String, String> leftOut = new TreeMap<>();
        boolean hasIssues = Arrays.asList(m.columns()).contains("manifest_issues");
        Dataset<Row> rows = m.select(col("scan_id"), col("subject_id"), col("structure"), col("category"), col("age"),
                col("sex"), col(Measure.VOLUME_ML.column()), col(Measure.MEAN_HU.column()), col("centroid_z_mm"),
                col("null_reason"), hasIssues ? col("manifest_issues") : functions.lit(null).cast("string"));
        Map<String, ScanInfo> scanInfo = new HashMap<>();
        for (Row r : rows.collectAsList()) {
            Boolean male = Demographics.sex(r.getString(5));
            String scan = r.getString(0);
            if (r.isNullAt(4) || male == null) {
                leftOut.put(scan, r.isNullAt(10) ? (r.isNullAt(4) ? "age missing" : "sex '" + r.getString(5) + "' is not F or M")
                        : r.getString(10));
                continue;
            }
            ScanInfo info = scanInfo.computeIfAbsent(scan, id -> new ScanInfo(id, r.isNullAt(1) ? id : r.getString(1),
                    r.getDouble(4), male, covariates.getOrDefault(id, Map.of())));
            observations.add(new StructureObservation(info, r.getString(2), r.getString(3), nullable(r, 6), nullable(r, 7),
                    nullable(r, 8), r.getString(9)));
        }
        return new Read(observations, leftOut, scanInfo.size(), m);
    }

    private static Double nullable(Row r, int i) {
        return r.isNullAt(i) ? null : r.getDouble(i);
    }

    /** The scan columns the settings name: the covariates and the harmonisation batch. */
    private static List<String> required(PopulationStudy.Config config) {
        List<String> names = new ArrayList<>(config.paper().covariates());
        if (config.harmonizeBy() != null && !names.contains(config.harmonizeBy())) {
            names.add(config.harmonizeBy());
        }
        return names;
    }

    /**
     * Covariate values per scan, from the scans table's OK rows: the {@code required} columns, and
     * {@code optional} where the table has it (a body height a manifest may carry).
     */
    private static Map<String, Map<String, String>> covariates(SparkSession spark, String tables, List<String> required,
                                                               String optional) {
        Dataset<Row> scans = spark.read().parquet(new Path(tables, "scans").toString()).where(col("status").equalTo("OK"));
        List<String> missing = new ArrayList<>(required);
        missing.removeAll(Arrays.asList(scans.columns()));
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("covariates " + missing + " are not columns of " + tables + "/scans");
        }
        List<String> names = new ArrayList<>(required);
        if (optional != null && !names.contains(optional) && Arrays.asList(scans.columns()).contains(optional)) {
            names.add(optional);
        }
        Map<String, Map<String, String>> out = new HashMap<>();
        if (names.isEmpty()) {
            return out;
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
