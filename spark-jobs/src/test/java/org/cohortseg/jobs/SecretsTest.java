package org.cohortseg.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cohortseg.cli.CohortsegCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sentinel secrets planted in manifest paths, in the output location and in the Spark
 * configuration of a cohort run (its own driver JVM, with the Spark event log on) appear nowhere:
 * not on stdout or stderr, not in any table cell, not in the event log.
 */
class SecretsTest {
    private static final List<String> SENTINELS = List.of("SENTINELKEY1", "SENTINEL/SECRET1", "SENTINELUSER2",
            "SENTINELPASS2", "SENTINELCONFKEY", "SENTINELCONFSECRET", "SENTINELOUTKEY", "SENTINELOUTSECRET");

    @TempDir
    static Path tmp;

    @Test
    void noSecretReachesOutputTablesOrEventLog() throws Exception {
        Path cohort = tmp.resolve("cohort");
        Path manifest = TestCohort.write(cohort, 1, 9);
        Files.writeString(manifest, Files.readString(manifest)
                + "S_s3,Z1,s3a://SENTINELKEY1:SENTINEL/SECRET1@bucket/ct.nii.gz,,50,F,A,false,,,1,3x3x3,RAS,int16\n"
                + "S_file,Z2,file://SENTINELUSER2:SENTINELPASS2@localhost/tmp/ct.nii.gz,,50,F,A,false,,,1,3x3x3,RAS,int16\n");
        Path out = tmp.resolve("out");
        Path events = Files.createDirectories(tmp.resolve("events"));
        String[] run = run(List.of("segment", "--manifest", manifest.toString(), "--out", out.toString(), "--master",
                "local[2]"), events);
        assertEquals("0", run[0], run[1] + run[2]);
        String[] refused = run(List.of("segment", "--manifest", manifest.toString(), "--out",
                "s3a://SENTINELOUTKEY:SENTINELOUTSECRET@bucket/out"), events);
        assertEquals("1", refused[0]);
        assertTrue(refused[2].contains("s3a://***@bucket/out") && refused[2].contains("credentials"), refused[2]);

        SparkSession spark = SharedSpark.get();
        Row s3 = spark.read().parquet(out.resolve("scans").toString()).where("scan_id = 'S_s3'").first();
        assertEquals("InvalidScanPathException", s3.getAs("error_class"));
        assertEquals("s3a://***@bucket/ct.nii.gz", s3.getAs("path"));
        List<String> places = new ArrayList<>(List.of(run[1], run[2], refused[1], refused[2]));
        for (String table : List.of("scans", "measurements")) {
            for (Row r : spark.read().parquet(out.resolve(table).toString()).collectAsList()) {
                places.add(r.toString());
            }
        }
        try (Stream<Path> logs = Files.walk(events)) {
            for (Path log : logs.filter(Files::isRegularFile).toList()) {
                places.add(Files.readString(log, StandardCharsets.ISO_8859_1));
            }
        }
        assertTrue(places.stream().anyMatch(p -> p.contains("SparkListenerEnvironmentUpdate")), "the event log was written");
        for (String sentinel : SENTINELS) {
            assertFalse(places.stream().anyMatch(p -> p.contains(sentinel)), sentinel + " leaked");
        }
    }

    /** Runs the CLI in its own JVM; returns its exit code, stdout and stderr. */
    private static String[] run(List<String> args, Path events) throws Exception {
        Path stdout = Files.createTempFile(tmp, "out", ".txt");
        Path stderr = Files.createTempFile(tmp, "err", ".txt");
        Process p = ChildJvm.of(tmp, List.of("-Dspark.eventLog.enabled=true", "-Dspark.eventLog.dir=" + events.toUri(),
                        "-Dspark.eventLog.compress=false", // Spark 4 compresses it by default: plain text to search
                        "-Dspark.hadoop.fs.s3a.access.key=SENTINELCONFKEY",
                        "-Dspark.hadoop.fs.s3a.secret.key=SENTINELCONFSECRET", "-Dspark.ui.enabled=false",
                        "-Dspark.driver.host=127.0.0.1"), CohortsegCli.class.getName(), args)
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the run ended");
        return new String[] {Integer.toString(p.exitValue()), Files.readString(stdout), Files.readString(stderr)};
    }
}
