package org.cohortseg.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver killed with SIGKILL at chosen moments of a cohort run, each time resumed: before the
 * first commit, while a batch is in flight, between the two tables of a commit, and during the last
 * commit. After every kill the tables are consistent for a reader (no OK scan without its
 * measurements), and the final tables equal those of an uninterrupted run: same scans, same
 * measurement values, no scan OK twice.
 */
class CrashResumeTest {
    private static final int GOOD = 3;
    private static final int COMMIT_EVERY = 2;

    @TempDir
    static Path tmp;

    @Test
    void killedRunsResumeToTheTablesOfAnUninterruptedRun() throws Exception {
        SparkSession spark = SharedSpark.get();
        Path manifest = TestCohort.write(tmp.resolve("cohort"), GOOD, 33);
        Path out = tmp.resolve("killed");

        String log = killAt(manifest, out, false, CommitListener.Step.STAGED, "first");
        assertTrue(Files.isDirectory(out.resolve(BatchCommitter.STAGING)), "a batch was staged: " + log);
        assertFalse(Files.exists(out.resolve("scans")), "nothing committed before the first commit");

        killAt(manifest, out, true, CommitListener.Step.COMMITTED, "first"); // the next batch is in flight
        assertConsistent(spark, out);
        killAt(manifest, out, true, CommitListener.Step.MEASUREMENTS_MOVED, "first");
        assertConsistent(spark, out);
        killAt(manifest, out, true, CommitListener.Step.RECORDED, "last");
        assertConsistent(spark, out);

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CohortJob.Summary resumed = CohortJob.run(spark, settings(manifest, out, true), EngineSettings.of("phantom"),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("resumed after a crash: 1 committed batches completed"),
                "the last commit, recorded but not moved, is rolled forward: " + printed);
        assertEquals(GOOD, resumed.skipped() + resumed.ok(), "every good scan is OK after the last resume");
        assertFalse(Files.exists(out.resolve(BatchCommitter.STAGING)), "nothing left staged");

        Path reference = tmp.resolve("uninterrupted");
        CohortJob.run(spark, settings(manifest, reference, false), EngineSettings.of("phantom"), quiet());
        assertEquals(TableContent.rows(spark, reference, "measurements"), TableContent.rows(spark, out, "measurements"));
        assertEquals(TableContent.rows(spark, reference, "scans", "status = 'OK'"),
                TableContent.rows(spark, out, "scans", "status = 'OK'"), "one OK row per scan, the same values");
        assertEquals(failedIds(spark, reference), failedIds(spark, out));
    }

    private static RunSettings settings(Path manifest, Path out, boolean resume) {
        return RunSettings.of(manifest.toString(), out.toString()).withResume(resume).withCommitEvery(COMMIT_EVERY);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** Runs a driver in a new JVM until it reaches the step, then kills it with SIGKILL; returns its output. */
    private static String killAt(Path manifest, Path out, boolean resume, CommitListener.Step step, String which)
            throws IOException, InterruptedException {
        Process driver = ChildJvm.of(tmp, List.of(), StoppingRun.class.getName(), List.of(manifest.toString(),
                out.toString(), Boolean.toString(resume), Integer.toString(COMMIT_EVERY), step.name(), which))
                .redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith(StoppingRun.STOPPED)) {
                    driver.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
                    assertTrue(driver.waitFor(1, TimeUnit.MINUTES));
                    return output.toString();
                }
            }
        }
        driver.waitFor(1, TimeUnit.MINUTES);
        throw new AssertionError("the driver ended without reaching " + step + " of the " + which + " commit:\n" + output);
    }

    /** A reader of the committed tables never sees an OK scan without its measurements. */
    private static void assertConsistent(SparkSession spark, Path out) {
        Set<String> ok = ids(spark, out, "scans", "status = 'OK'");
        Set<String> measured = ids(spark, out, "measurements", "true");
        assertFalse(ok.isEmpty(), "something was committed");
        assertTrue(measured.containsAll(ok), "OK scans " + ok + " all have measurements " + measured);
    }

    private static Set<String> failedIds(SparkSession spark, Path out) {
        return ids(spark, out, "scans", "status = 'FAILED'");
    }

    private static Set<String> ids(SparkSession spark, Path out, String table, String where) {
        Set<String> ids = new HashSet<>();
        for (Row r : spark.read().parquet(out.resolve(table).toString()).where(where).select("scan_id").collectAsList()) {
            ids.add(r.getString(0));
        }
        return ids;
    }
}
