package org.cohortseg.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cohortseg.engine.EngineOptions;
import org.cohortseg.engine.ModelSpecLoader;
import org.cohortseg.engine.SegmentationEngine;
import org.cohortseg.io.Csv;
import org.cohortseg.measure.StructureMeasures;
import org.cohortseg.nifti.NiftiReader;
import org.cohortseg.phantom.PhantomCohort;
import org.cohortseg.phantom.PhantomModel;
import org.cohortseg.io.LocalScanStore;
import org.cohortseg.pipeline.CtReader;
import org.cohortseg.pipeline.ScanOutcome;
import org.cohortseg.pipeline.ScanPipeline;
import org.cohortseg.stats.AgingStudy;
import org.cohortseg.stats.PopulationStudy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One cohort run over every kind of bad input we know of (broken files, bad geometry, images
 * without a body or with NaN, paths that cannot be used, rows with bad demographics, file names
 * with odd characters) next to good scans: each broken scan is a FAILED row naming its error class
 * and why; each good scan's measurements equal those of the scan segmented on its own.
 */
class HostileCohortTest {
    private static final List<String> MANIFEST_HEADER = List.of("scan_id", "subject_id", "path", "age", "sex", "note");
    private static final String ODD_NAME = "odd: name, \"quoted\" \u00fc #1.nii.gz";
    private static final String PHANTOM = "images/P00001_ct1.nii.gz";
    private static final String SMALL = "small.nii.gz";

    @TempDir
    static Path tmp;
    private static SparkSession spark;
    private static List<HostileInputs.Case> broken;
    private static Map<String, Row> scans;
    private static List<Row> measurements;
    private static CohortJob.Summary summary;
    /** OK rows that are not plain phantoms: scan_id to the manifest issue they carry and the image they show. */
    private static final Map<String, String[]> ODD_ROWS = new HashMap<>();
    /** The second phantom scan's image (the first subject's second visit when it has one). */
    private static String secondPhantom;

    @BeforeAll
    static void runTheCohort() throws Exception {
        spark = SharedSpark.get();
        Path dir = tmp.resolve("hostile cohort");
        PhantomCohort phantoms = new PhantomCohort(PhantomModel.standard(), 5, new double[] {3, 3, 3}, false);
        phantoms.write(dir, 2, 2);
        secondPhantom = "images/" + phantoms.scanId(1) + ".nii.gz";
        broken = HostileInputs.write(dir.resolve("bad"));
        Files.copy(dir.resolve("images/P00001_ct1.nii.gz"), dir.resolve(ODD_NAME));
        HostileInputs.writeSmallScan(dir.resolve(SMALL));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("P00001_ct1", "S1", PHANTOM, "61", "F", "plain"));
        rows.add(List.of("P00002_ct1", "S2", secondPhantom, "47.5", "male", "plain"));
        for (HostileInputs.Case c : broken) {
            rows.add(List.of(c.scanId(), "S-" + c.scanId(), c.path().contains("://") || c.path().isEmpty() ? c.path()
                    : "bad/" + c.path(), "50", "M", "broken"));
        }
        odd(rows, "007", "S7", ODD_NAME, "70", "F", null, PHANTOM);
        odd(rows, "008", "S8", dir.resolve(PHANTOM).toUri().toString(), "70", "f", null, PHANTOM);
        odd(rows, "A_forty", "S9", SMALL, "forty", "F", "age 'forty' is not a number", SMALL);
        odd(rows, "A_missing", "S10", SMALL, "", "F", "age missing", SMALL);
        odd(rows, "A_negative", "S11", SMALL, "-3", "M", "age -3 is outside 0-120 years", SMALL);
        odd(rows, "A_250", "S12", SMALL, "250", "M", "age 250 is outside 0-120 years", SMALL);
        odd(rows, "X_sex", "S13", SMALL, "55", "X", "sex 'X' is not F or M", SMALL);
        odd(rows, "X_nosex", "S14", SMALL, "55", "", "sex missing", SMALL);
        Path manifest = dir.resolve("cohort manifest.CSV");
        Csv.write(manifest, MANIFEST_HEADER, rows);

        Path out = tmp.resolve("out");
        RunSettings settings = RunSettings.of(manifest.toString(), out.toString());
        summary = CohortJob.run(spark, settings, EngineSettings.of("phantom"), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        scans = spark.read().parquet(out.resolve("scans").toString()).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getAs("scan_id"), r -> r));
        measurements = spark.read().parquet(out.resolve("measurements").toString()).collectAsList();
    }

    private static void odd(List<List<String>> rows, String id, String subject, String path, String age, String sex,
                            String issue, String image) {
        rows.add(List.of(id, subject, path, age, sex, "odd"));
        ODD_ROWS.put(id, new String[] {issue, image});
    }

    @Test
    void atLeastFortyKindsOfBadInputAreCovered() {
        assertTrue(broken.size() + ODD_ROWS.size() >= 40, broken.size() + " broken scans, " + ODD_ROWS.size() + " odd rows");
        assertEquals(2 + broken.size() + ODD_ROWS.size(), summary.total(), broken.size() + " broken, " + ODD_ROWS.size()
                + " odd, scans " + scans.keySet());
        assertEquals(broken.size(), summary.failed());
        assertEquals(0, summary.exitCode(), "broken scans alone do not fail the run");
    }

    @Test
    void everyBrokenScanSaysWhatAndWhy() {
        List<String> wrong = new ArrayList<>();
        for (HostileInputs.Case c : broken) {
            Row r = scans.get(c.scanId());
            String message = r.getAs("error_message");
            boolean readerError = !c.scanId().startsWith("C_") && !c.scanId().startsWith("P_");
            boolean named = !readerError || message.contains(c.path()); // the reader names the file
            if (!"FAILED".equals(r.getAs("status")) || !c.errorClass().equals(r.getAs("error_class"))
                    || !message.contains(c.message()) || !named) {
                wrong.add(c.scanId() + ": expected " + c.errorClass() + " '" + c.message() + "', got "
                        + r.getAs("status") + " " + r.getAs("error_class") + " '" + message + "'");
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void rowsWithBadDemographicsAreSegmentedAndSayWhatIsWrong() {
        ODD_ROWS.forEach((id, issue) -> {
            Row r = scans.get(id);
            assertEquals("OK", r.getAs("status"), id + ": " + r.getAs("error_message"));
            assertEquals(issue[0], r.getAs("manifest_issues"), id);
        });
        assertNull(scans.get("A_forty").getAs("age"), "an unusable age is NULL");
        assertEquals(47.5, (Double) scans.get("P00002_ct1").getAs("age"));
        assertEquals("Double", scans.get("P00001_ct1").getAs("age").getClass().getSimpleName(), "age stays a number");
        assertTrue(scans.containsKey("007") && scans.containsKey("008"), "ids are text as written: " + scans.keySet());
        assertTrue(((String) scans.get("007").getAs("path")).equals(ODD_NAME), "the path as written");
    }

    @Test
    void goodScansMeasureAsTheyDoAlone() throws Exception {
        SegmentationEngine engine = new SegmentationEngine(ModelSpecLoader.load("phantom"), EngineOptions.defaults());
        ScanPipeline alone = new ScanPipeline(engine, new CtReader(new NiftiReader()), false);
        Map<String, String> image = new HashMap<>();
        image.put("P00001_ct1", PHANTOM);
        image.put("P00002_ct1", secondPhantom);
        ODD_ROWS.forEach((id, odd) -> image.put(id, odd[1]));
        Map<String, List<StructureMeasures>> byImage = new HashMap<>();
        Path dir = tmp.resolve("hostile cohort");
        for (String file : new java.util.TreeSet<>(image.values())) {
            ScanOutcome o = alone.analyse(alone.read(dir.resolve(file).toString(), LocalScanStore.INSTANCE));
            assertEquals("OK", o.status().name(), o.errorMessage());
            byImage.put(file, o.measures());
        }
        for (Map.Entry<String, String> e : image.entrySet()) {
            Map<String, Row> rows = measurements.stream().filter(r -> e.getKey().equals(r.getAs("scan_id")))
                    .collect(Collectors.toMap(r -> r.getAs("structure"), r -> r));
            List<StructureMeasures> expected = byImage.get(e.getValue());
            assertEquals(expected.size(), rows.size(), e.getKey());
            for (StructureMeasures m : expected) {
                Row r = rows.get(m.name());
                assertEquals(m.voxelCount(), (Long) r.getAs("voxel_count"), e.getKey() + " " + m.name());
                if (m.exclusionReason() == null) {
                    assertEquals(m.volumeMl(), (Double) r.getAs("volume_ml"), 0, e.getKey() + " " + m.name());
                    assertEquals(m.hu().mean(), (Double) r.getAs("mean_hu"), 0, e.getKey() + " " + m.name());
                    assertEquals(m.hu().airFraction(), (Double) r.getAs("air_fraction"), 0, e.getKey() + " " + m.name());
                }
            }
        }
    }

    @Test
    void theStatisticsLeaveOutRowsWithoutUsableAgeOrSexAndSayWhy() throws Exception {
        StatsJob.Summary stats = StatsJob.run(spark, tmp.resolve("out").toString(), tmp.resolve("stats").toString(),
                PopulationStudy.Config.of(AgingStudy.Config.defaults()), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Map<String, String> expected = new HashMap<>();
        ODD_ROWS.forEach((id, issue) -> {
            if (issue[0] != null) {
                expected.put(id, issue[0]);
            }
        });
        assertEquals(expected, stats.leftOut());
        assertEquals(4, stats.scans(), "P00001, P00002, 007 and 008 have an age and a sex");
    }

    @Test
    void noStructureOfAGoodScanLiesInAir() {
        assertFalse(measurements.stream().anyMatch(r -> Boolean.TRUE.equals(r.getAs("mostly_air"))),
                "phantom structures lie in tissue");
    }

}
