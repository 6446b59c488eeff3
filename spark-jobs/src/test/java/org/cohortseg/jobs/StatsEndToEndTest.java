package org.cohortseg.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cohortseg.io.CohortsegHome;
import org.cohortseg.stats.AgingStudy;
import org.cohortseg.stats.ComBat;
import org.cohortseg.stats.PopulationStudy;
import org.cohortseg.stats.Measure;
import org.cohortseg.stats.Stratum;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The study end to end on a small segmented phantom cohort: segment -> stats -> tables, report and
 * notebooks; the report checked in a real browser (headless Chromium).
 */
class StatsEndToEndTest {
    private static final int SCANS = 40;
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path tmp;
    private static SparkSession spark;
    private static StatsJob.Summary stats;

    @BeforeAll
    static void study() throws Exception {
        spark = SharedSpark.get();
        Path manifest = TestCohort.write(tmp.resolve("cohort"), SCANS, 61);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        CohortJob.run(spark, RunSettings.of(manifest.toString(), tmp.resolve("tables").toString()), EngineSettings.of("phantom"), quiet);
        stats = StatsJob.run(spark, tmp.resolve("tables").toString(), tmp.resolve("stats").toString(),
                PopulationStudy.Config.of(new AgingStudy.Config(List.of("scanner"), java.util.Map.of(),
                        org.cohortseg.stats.AgeGroups.Scheme.PAPER, AgingStudy.Config.defaults().gridAges()))
                        .withHarmonization("scanner", ComBat.Prior.PARAMETRIC), quiet);
    }

    @Test
    void everyStatisticsTableIsWrittenWithTheDocumentedColumns() {
        Dataset<Row> a = spark.read().parquet(tmp.resolve("stats/age_associations").toString());
        for (String c : List.of("structure", "measure", "stratum", "n", "spearman_rho", "spearman_p", "pearson_r",
                "pearson_p", "slope", "slope_p", "p_bonferroni", "q_bh")) {
            assertTrue(List.of(a.columns()).contains(c), "age_associations has " + c);
        }
        assertEquals(18 * 2 * 3, a.count(), "structure x measure x stratum");
        long ok = stats.scans();
        assertEquals(SCANS, ok);
        Row aorta = a.where("structure = 'aorta' AND measure = 'volume_ml' AND stratum = 'all'").first();
        assertTrue(aorta.<Integer>getAs("n") <= SCANS && aorta.<Integer>getAs("n") >= SCANS - 4, "incomplete ones dropped");
        for (String t : List.of("age_groups", "trajectories")) {
            assertTrue(spark.read().parquet(tmp.resolve("stats/" + t).toString()).count() > 0, t + " has rows");
        }
        // reference charts need 20 subjects of a sex: with fewer they are left out, not made up
        for (Stratum sex : List.of(Stratum.FEMALE, Stratum.MALE)) {
            long subjects = spark.read().parquet(tmp.resolve("tables/measurements").toString())
                    .where("structure = 'liver' AND sex = '" + (sex == Stratum.MALE ? "M" : "F") + "' AND mean_hu IS NOT NULL").count();
            boolean charted = stats.result().zScores().stream()
                    .anyMatch(z -> z.sex() == sex && z.structure().equals("liver") && z.measure() == Measure.MEAN_HU);
            assertEquals(subjects >= 20, charted, sex.label() + ": " + subjects + " subjects");
        }
    }

    @Test
    void everyNotebookRunsAgainstTheTables() throws Exception {
        SqlNotebook.registerViews(spark, tmp.resolve("tables").toString(), tmp.resolve("stats").toString());
        List<Path> notebooks;
        try (var files = Files.list(CohortsegHome.resolve("notebooks"))) {
            notebooks = files.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
        }
        assertEquals(5, notebooks.size());
        for (Path nb : notebooks) {
            List<Dataset<Row>> results = SqlNotebook.run(spark, nb);
            for (Dataset<Row> result : results) {
                result.collectAsList(); // every cell runs
            }
            assertTrue(results.get(0).count() > 0, nb.getFileName() + ": the first cell returns rows");
        }
        Row failures = SqlNotebook.run(spark, CohortsegHome.resolve("notebooks/01_cohort_overview_qc.sql")).get(0)
                .where("status = 'FAILED'").first();
        assertEquals(TestCohort.BROKEN.size(), failures.getLong(1));
        long subjectRows = SqlNotebook.run(spark, CohortsegHome.resolve("notebooks/04_subject_centiles.sql")).get(0).count();
        assertTrue(subjectRows >= 18, "one subject's structures against the charts");
    }

    @Test
    void theReportRendersInABrowserWithoutErrors() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium or ChromeDriver is absent (.ci/run installs Debian's chromium and chromium-driver): skipping");
        Path report = Path.of(stats.report().toString());
        String html = Files.readString(report);
        assertTrue(html.contains("Quality control") && html.contains("FileNotFoundException"), "QC lists the failures");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + tmp.resolve("chrome-profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(report.toUri().toString());
            JavascriptExecutor js = browser;
            assertEquals("complete", js.executeScript("return document.readyState"));
            long images = (Long) js.executeScript("return document.images.length");
            long rendered = (Long) js.executeScript(
                    "return Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).length");
            assertTrue(images >= 2, "the report has figures: " + images);
            assertEquals(images, rendered, "every image renders");
            List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertTrue(errors.isEmpty(), "console errors: " + errors);
        } finally {
            browser.quit();
        }
    }
}
