package org.cohortseg.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.cohortseg.engine.Device;
import org.cohortseg.engine.SessionRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cohort job on local[2] with the phantom model and a phantom cohort that includes broken
 * files: tables, failure rows, partition-independence, resume, the SQL function.
 */
class CohortJobTest {
    private static final int GOOD = 4;

    @TempDir
    static Path tmp;
    private static Path manifest;
    private static SparkSession spark;

    @BeforeAll
    static void cohort() throws Exception {
        spark = SharedSpark.get();
        manifest = TestCohort.write(tmp.resolve("cohort"), GOOD, 21);
    }

    private static RunSettings settings(Path out, int partitions, boolean resume, boolean failOnError) {
        return settings(manifest, out, partitions, resume, failOnError);
    }

    private static RunSettings settings(Path list, Path out, int partitions, boolean resume, boolean failOnError) {
        return RunSettings.of(list.toString(), out.toString()).withResume(resume).withPartitions(partitions)
                .withFailOnError(failOnError);
    }

    private static CohortJob.Summary run(RunSettings s) throws Exception {
        return CohortJob.run(spark, s, EngineSettings.of("phantom"), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static List<String> content(Path out, String table) {
        return TableContent.rows(spark, out, table);
    }

    @Test
    void everyScanGetsARowAndBrokenOnesSayWhy() throws Exception {
        Path out = tmp.resolve("out-main");
        int sessionsBefore = SessionRegistry.shared().size();
        CohortJob.Summary summary = run(settings(out, 0, false, false));
        assertEquals(GOOD + TestCohort.BROKEN.size(), summary.total());
        assertEquals(GOOD, summary.ok());
        assertEquals(TestCohort.BROKEN.size(), summary.failed());
        assertEquals(0, summary.exitCode(), "failures alone do not fail the job");
        assertTrue(SessionRegistry.shared().size() - sessionsBefore <= 1, "one set of part networks per model in the JVM");

        Dataset<Row> scans = spark.read().parquet(out.resolve("scans").toString());
        assertEquals(GOOD + TestCohort.BROKEN.size(), scans.count());
        Map<String, Row> byId = scans.collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("scan_id"), r -> r));
        TestCohort.BROKEN.forEach((id, error) -> {
            Row r = byId.get(id);
            assertEquals("FAILED", r.getAs("status"), id);
            assertEquals(error, r.getAs("error_class"), id + ": " + r.getAs("error_message"));
            assertTrue(((String) r.getAs("error_message")).contains("broken") || id.equals("B_missing"),
                    "the message names the file: " + r.getAs("error_message"));
        });
        String runId = scans.select("run_id").first().getString(0);
        String reasons = FailureReasons.line(spark, new org.apache.hadoop.fs.Path(out.resolve("scans").toUri()), runId);
        assertTrue(reasons.startsWith("cohortseg segment: FAILED scans: 1 CorruptCompressionException (e.g. ")
                && reasons.contains("; 1 FileNotFoundException (e.g. ") && reasons.endsWith("; and 2 more in 2 other error classes")
                && reasons.lines().count() == 1, reasons);
        Row ok = byId.get("P00001_ct1");
        assertEquals("OK", ok.getAs("status"));
        assertNull(ok.getAs("error_class"));
        assertNotNull(ok.getAs("seconds_infer"));
        assertEquals("phantom-unet-v1", ok.getAs("model_id"));
        assertEquals(64, ((String) ok.getAs("model_sha256")).length());
        assertNotNull(ok.getAs("scanner"), "manifest columns are carried through");

        Dataset<Row> m = spark.read().parquet(out.resolve("measurements").toString());
        assertEquals(GOOD * 18L, m.count());
        m.createOrReplaceTempView("m");
        Row aorta = spark.sql("SELECT count(*), count(volume_ml), min(age), max(category) FROM m "
                + "WHERE structure = 'aorta'").first();
        assertEquals(GOOD, aorta.getLong(0));
        assertEquals("vessel", aorta.getString(3));
        long nullWithoutReason = spark.sql("SELECT count(*) FROM m WHERE volume_ml IS NULL AND null_reason IS NULL").first().getLong(0);
        assertEquals(0, nullWithoutReason, "every NULL measure has a reason");
        long zeros = spark.sql("SELECT count(*) FROM m WHERE volume_ml = 0").first().getLong(0);
        assertEquals(0, zeros, "absent or incomplete is NULL, never 0");
    }

    @Test
    void cudaWhereThereIsNoneFailsEveryScanWithTheReasonAndSaysItOnce() throws Exception {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "this ONNX Runtime build has CUDA");
        Path out = tmp.resolve("out-cuda");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CohortJob.Summary summary = CohortJob.run(spark, settings(out, 0, false, false),
                EngineSettings.of("phantom").withDevice(Device.parse("cuda")), new PrintStream(printed, true, StandardCharsets.UTF_8));
        long all = GOOD + TestCohort.BROKEN.size();
        assertEquals(all, summary.failed());
        assertEquals(CohortJob.EXIT_NOTHING_SUCCEEDED, summary.exitCode());
        for (Row r : spark.read().parquet(out.resolve("scans").toString()).collectAsList()) {
            assertEquals("ModelSpecException", r.getAs("error_class"), r.toString());
            assertTrue(((String) r.getAs("error_message")).startsWith("CUDA device 0 is unavailable"), r.toString());
        }
        List<String> reasons = printed.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("cohortseg segment: FAILED scans:")).toList();
        assertEquals(1, reasons.size(), printed.toString(StandardCharsets.UTF_8));
        assertTrue(reasons.get(0).startsWith("cohortseg segment: FAILED scans: " + all
                + " ModelSpecException (e.g. CUDA device 0 is unavailable"), reasons.get(0));
    }

    @Test
    void failOnErrorAsksForANonZeroExit() throws Exception {
        Path two = Files.writeString(tmp.resolve("cohort/two.csv"), Files.readAllLines(manifest).stream()
                .filter(l -> l.startsWith("scan_id") || l.startsWith("P00001_ct1") || l.startsWith("B_missing"))
                .collect(Collectors.joining("\n")));
        assertEquals(CohortJob.EXIT_SCANS_FAILED, run(settings(two, tmp.resolve("out-fail"), 2, false, true)).exitCode());
    }

    @Test
    void tablesAreIdenticalForOneAndEightPartitions() throws Exception {
        List<String> scans = null;
        List<String> measurements = null;
        for (int partitions : new int[] {1, 8}) { // 8 > scans: some partitions are empty
            Path out = tmp.resolve("out-p" + partitions);
            run(settings(out, partitions, false, false));
            if (scans == null) {
                scans = content(out, "scans");
                measurements = content(out, "measurements");
            } else {
                assertEquals(scans, content(out, "scans"), partitions + " partitions");
                assertEquals(measurements, content(out, "measurements"), partitions + " partitions");
            }
        }
    }

    @Test
    void resumeSkipsScansAlreadyOkAndCompletesTheTables() throws Exception {
        Path full = tmp.resolve("out-full");
        run(settings(full, 0, false, false));
        // drop the measurements and OK rows of two scans, as if the run had stopped before them
        List<String> phantoms = Files.readAllLines(manifest).stream().skip(1).map(l -> l.split(",")[0])
                .filter(id -> id.startsWith("P")).toList();
        String dropped = "scan_id NOT IN ('" + phantoms.get(1) + "', '" + phantoms.get(3) + "')";
        Dataset<Row> keptScans = spark.read().parquet(full.resolve("scans").toString()).where(dropped);
        Dataset<Row> keptMeasurements = spark.read().parquet(full.resolve("measurements").toString()).where(dropped);
        Path partial = tmp.resolve("out-partial");
        keptScans.write().parquet(partial.resolve("scans").toString());
        keptMeasurements.write().parquet(partial.resolve("measurements").toString());
        CohortJob.Summary summary = run(settings(partial, 0, true, false));
        assertEquals(GOOD - 2, summary.skipped());
        assertEquals(content(full, "measurements"), content(partial, "measurements"));
        Dataset<Row> okRows = spark.read().parquet(partial.resolve("scans").toString()).where("status = 'OK'");
        assertEquals(GOOD, okRows.count());
        assertEquals(GOOD, okRows.select("scan_id").distinct().count(), "every scan appears once as OK");
    }

    @Test
    void segmentCtRegisteredByClassNameAsPySparkDoesWorksFromSql() throws Exception {
        // PySpark's registerJavaFunction(name, className, ddl) parses the type and calls registerJava
        spark.udf().registerJava("segment_ct", "org.cohortseg.jobs.SegmentCt", DataType.fromDDL(SegmentCt.ddl()));
        Path scan = tmp.resolve("cohort/images/P00003_ct1.nii.gz");
        Path missing = tmp.resolve("cohort/images/none.nii.gz");
        spark.createDataFrame(List.of(new PathRow(scan.toString()), new PathRow(missing.toString())), PathRow.class)
                .createOrReplaceTempView("paths");
        List<Row> rows = spark.sql("SELECT path, r.status, r.error_class, size(r.structures), "
                + "get(filter(r.structures, s -> s.structure = 'liver'), 0).volume_ml "
                + "FROM (SELECT path, segment_ct(path, 'phantom') AS r FROM paths) ORDER BY path DESC").collectAsList();
        Row ok = rows.stream().filter(r -> r.getString(0).equals(scan.toString())).findFirst().orElseThrow();
        assertEquals("OK", ok.getString(1));
        assertEquals(18, ok.getInt(3));
        Row failed = rows.stream().filter(r -> r.getString(0).equals(missing.toString())).findFirst().orElseThrow();
        assertEquals("FAILED", failed.getString(1));
        assertEquals("FileNotFoundException", failed.getString(2));
        assertTrue(Files.exists(scan));
    }

    /** A one-column bean for createDataFrame. */
    public static final class PathRow implements java.io.Serializable {
        private String path;

        public PathRow() {
        }

        PathRow(String path) {
            this.path = path;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }
    }
}
