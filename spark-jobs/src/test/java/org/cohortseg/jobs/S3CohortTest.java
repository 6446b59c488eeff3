package org.cohortseg.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.cohortseg.io.CohortsegHome;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The cohort job against a real S3 API (s3proxy on loopback): manifest and scans from s3a://, tables
 * to s3a://, with the shipped conf/spark/s3a.conf (its committer included) plus the local server's
 * endpoint.
 */
class S3CohortTest {
    private static final String KEY = "cohortseg";
    private static final String SECRET = "cohortseg-secret";
    private static S3Proxy proxy;
    private static SparkSession spark;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY, SECRET).build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        String endpoint = "http://127.0.0.1:" + proxy.getPort();
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                .build()) {
            s3.createBucket(b -> b.bucket("cohort"));
        }
        spark = SharedSpark.get().newSession(); // the file's SQL settings stay in this test's session
        SparkPropertiesFile.read(CohortsegHome.resolve("conf/spark/s3a.conf")).applyTo(spark);
        Configuration c = spark.sparkContext().hadoopConfiguration();
        c.set("fs.s3a.endpoint", endpoint);
        c.set("fs.s3a.endpoint.region", "us-east-1");
        c.set("fs.s3a.path.style.access", "true");
        c.set("fs.s3a.connection.ssl.enabled", "false");
        c.set("fs.s3a.access.key", KEY);
        c.set("fs.s3a.secret.key", SECRET);
        c.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        c.set("fs.s3a.buffer.dir", tmp.resolve("s3a-buffer").toString()); // the file's /tmp folder is not the build's
    }

    @AfterAll
    static void stop() throws Exception {
        FileSystem.closeAll();
        proxy.stop();
    }

    @Test
    void manifestAndScansFromS3AndTablesToS3() throws Exception {
        Path local = tmp.resolve("cohort");
        TestCohort.write(local, 3, 31);
        // keep the three phantoms and two broken files: enough to cross the S3 paths of both outcomes
        List<String> lines = Files.readAllLines(local.resolve("manifest.csv")).stream()
                .filter(l -> !l.startsWith("B_") || l.startsWith("B_missing") || l.startsWith("B_truncated")).toList();
        Files.write(local.resolve("manifest.csv"), lines, StandardCharsets.UTF_8);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        org.apache.hadoop.fs.Path bucket = new org.apache.hadoop.fs.Path("s3a://cohort/study");
        FileSystem s3 = bucket.getFileSystem(conf);
        s3.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), bucket);

        RunSettings settings = RunSettings.of("s3a://cohort/study/manifest.csv", "s3a://cohort/results").withMasks(true);
        List<String> committers = new CopyOnWriteArrayList<>();
        CommitListener stagedBy = (step, commit, commits, scans) -> {
            if (step == CommitListener.Step.STAGED) {
                committers.addAll(stagingCommitters(s3));
            }
        };
        CohortJob.Summary summary = CohortJob.run(spark, settings, EngineSettings.of("phantom"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), stagedBy);
        assertFalse(committers.isEmpty(), "every staged write leaves a _SUCCESS file");
        assertTrue(committers.stream().allMatch("magic"::equals), "staged by " + committers);
        assertEquals(3, summary.ok());
        assertEquals(2, summary.failed());
        assertEquals(5, spark.read().parquet("s3a://cohort/results/scans").count());
        assertEquals(3 * 18, spark.read().parquet("s3a://cohort/results/measurements").count());
        assertEquals(3, s3.listStatus(new org.apache.hadoop.fs.Path("s3a://cohort/results/masks")).length, "one mask per OK scan");
    }

    /** The committer named by each staged write's _SUCCESS file (S3A's committers write JSON there; Spark's classic one, nothing). */
    private static List<String> stagingCommitters(FileSystem s3) {
        try {
            List<String> names = new ArrayList<>();
            for (FileStatus success : s3.globStatus(new org.apache.hadoop.fs.Path("s3a://cohort/results/_cohortseg_staging/*/*/_SUCCESS"))) {
                try (var in = s3.open(success.getPath())) {
                    byte[] json = in.readAllBytes();
                    names.add(json.length == 0 ? "classic FileOutputCommitter" : new ObjectMapper().readTree(json).path("committer").asText());
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
