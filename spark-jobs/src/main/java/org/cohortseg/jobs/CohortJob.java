package org.cohortseg.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.cohortseg.cli.Version;
import org.cohortseg.engine.EngineOptions;
import org.cohortseg.engine.ModelFingerprint;
import org.cohortseg.engine.ModelSpec;
import org.cohortseg.engine.ModelSpecLoader;
import org.cohortseg.engine.SegmentationEngine;
import scala.Tuple2;

/**
 * The cohort job: every scan of a manifest segmented and measured once on the executors, written
 * as two Parquet tables, DIR/scans and DIR/measurements. The model and manifest are checked on
 * the driver before any task; partitions are balanced by input size; each scan's result is
 * computed once (the results are persisted between the two writes); a broken scan becomes a
 * FAILED row with its reason and the rest of the cohort completes.
 */
public final class CohortJob {
    /** Largest default partition: enough to read ahead, small enough for steady progress reports. */
    static final int SCANS_PER_PARTITION = 2;

    private CohortJob() {
    }

    /** Counts of a finished run and the exit code it asks for. */
    public record Summary(long total, long ok, long failed, long skipped, double seconds, int exitCode) {
        /** The closing line printed by the job. */
        public String line() {
            return String.format(Locale.ROOT, "cohortseg segment: %d scans, %d OK, %d FAILED, %d skipped (already OK) "
                    + "in %.1f s (%.1f scans/min)", total, ok, failed, skipped, seconds, seconds > 0 ? (ok + failed) / seconds * 60 : 0);
        }
    }

    /** Runs the job on {@code spark}. */
    public static Summary run(SparkSession spark, JobSettings s, java.io.PrintStream log) throws IOException {
        long start = System.nanoTime();
        ModelSpec spec = ModelSpecLoader.load(ExecutorEngines.localSpec(s.model(), spark.sparkContext().hadoopConfiguration()).toString());
        new SegmentationEngine(spec, EngineOptions.defaults().withThreads(1, 1)); // checks the ONNX shapes on the driver
        Tables.RunInfo run = new Tables.RunInfo(spec.id(), ModelFingerprint.sha256(spec), Version.current(),
                UUID.randomUUID().toString());
        Manifest manifest = Manifest.read(spark, s.manifest());
        Tables.scansSchema(manifest.schema()); // fails on the driver when manifest and result columns clash
        Set<String> done = s.resume() ? alreadyOk(spark, s.out(), run.modelSha256()) : Set.of();
        List<ScanTask> tasks = new ArrayList<>();
        for (ScanTask t : manifest.tasks()) {
            if (!done.contains(t.scanId())) {
                tasks.add(t);
            }
        }
        log.printf(Locale.ROOT, "cohortseg segment: %d scans in the manifest, %d to process, model %s (sha256 %s)%n",
                manifest.tasks().size(), tasks.size(), run.modelId(), run.modelSha256().substring(0, 12));
        JobProgress progress = new JobProgress(spark.sparkContext());
        Summary summary;
        if (tasks.isEmpty()) {
            summary = new Summary(manifest.tasks().size(), 0, 0, done.size(), seconds(start), 0);
        } else {
            Thread reporter = progress.report(tasks.size(), 10, log);
            try {
                long[] counts = process(spark, s, run, manifest, tasks, progress);
                summary = new Summary(manifest.tasks().size(), counts[0], counts[1], done.size(), seconds(start),
                        exitCode(s, counts[0], counts[1]));
            } finally {
                reporter.interrupt();
            }
            log.println(progress.line(tasks.size(), seconds(start)));
        }
        log.println(summary.line());
        return summary;
    }

    private static long[] process(SparkSession spark, JobSettings s, Tables.RunInfo run, Manifest manifest,
                                  List<ScanTask> tasks, JobProgress progress) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // by default at most SCANS_PER_PARTITION scans a partition: progress (counted at task end) stays steady
        int partitions = Math.min(tasks.size(), s.partitions() > 0 ? s.partitions()
                : Math.max(4 * jsc.defaultParallelism(), (tasks.size() + SCANS_PER_PARTITION - 1) / SCANS_PER_PARTITION));
        int[] assignment = SizeBalancer.assign(tasks, partitions);
        List<Tuple2<Integer, ScanTask>> keyed = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            keyed.add(new Tuple2<>(assignment[i], tasks.get(i)));
        }
        ScanWorker worker = new ScanWorker(s, run, spark.sparkContext().hadoopConfiguration());
        JavaRDD<ScanResult> results = JavaPairRDD.fromJavaRDD(jsc.parallelize(keyed, partitions))
                .partitionBy(new ByIndex(partitions))
                .values()
                .mapPartitions(it -> worker.process(it, progress))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            SaveMode mode = s.resume() ? SaveMode.Append : SaveMode.Overwrite;
            Dataset<Row> scans = spark.createDataFrame(results.map(ScanResult::scan), Tables.scansSchema(manifest.schema()));
            scans.write().mode(mode).parquet(new Path(s.out(), "scans").toString());
            Dataset<Row> measurements = spark.createDataFrame(results.flatMap(r -> r.measurements().iterator()),
                    Tables.measurementsSchema());
            measurements.write().mode(mode).parquet(new Path(s.out(), "measurements").toString());
            long ok = results.filter(ScanResult::ok).count();
            return new long[] {ok, tasks.size() - ok};
        } finally {
            results.unpersist(false);
        }
    }

    private static Set<String> alreadyOk(SparkSession spark, String out, String sha256) throws IOException {
        Path scans = new Path(out, "scans");
        if (!scans.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(scans)) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>();
        for (Row r : spark.read().parquet(scans.toString())
                .where(org.apache.spark.sql.functions.col("status").equalTo("OK")
                        .and(org.apache.spark.sql.functions.col("model_sha256").equalTo(sha256)))
                .select("scan_id").distinct().collectAsList()) {
            ids.add(r.get(0).toString());
        }
        return ids;
    }

    private static int exitCode(JobSettings s, long ok, long failed) {
        if (ok == 0 && failed > 0) {
            return 2; // nothing succeeded
        }
        return s.failOnError() && failed > 0 ? 1 : 0;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Sends key k to partition k. */
    static final class ByIndex extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int n;

        ByIndex(int n) {
            this.n = n;
        }

        @Override
        public int numPartitions() {
            return n;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByIndex b && b.n == n;
        }

        @Override
        public int hashCode() {
            return n;
        }
    }
}
