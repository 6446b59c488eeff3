package org.cohortseg.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
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

/** The cohort job against a real S3 API (s3proxy on loopback): manifest and scans from s3a://, tables to s3a://. */
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
        spark = SharedSpark.get();
        Configuration c = spark.sparkContext().hadoopConfiguration();
        c.set("fs.s3a.endpoint", endpoint);
        c.set("fs.s3a.endpoint.region", "us-east-1");
        c.set("fs.s3a.path.style.access", "true");
        c.set("fs.s3a.connection.ssl.enabled", "false");
        c.set("fs.s3a.access.key", KEY);
        c.set("fs.s3a.secret.key", SECRET);
        c.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        c.set("fs.s3a.buffer.dir", tmp.resolve("s3a-buffer").toString());
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
        CohortJob.Summary summary = CohortJob.run(spark, settings, EngineSettings.of("phantom"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(3, summary.ok());
        assertEquals(2, summary.failed());
        assertEquals(5, spark.read().parquet("s3a://cohort/results/scans").count());
        assertEquals(3 * 18, spark.read().parquet("s3a://cohort/results/measurements").count());
        assertEquals(3, s3.listStatus(new org.apache.hadoop.fs.Path("s3a://cohort/results/masks")).length, "one mask per OK scan");
    }
}
