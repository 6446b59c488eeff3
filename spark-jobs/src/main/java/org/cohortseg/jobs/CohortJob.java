package org.cohortseg.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.cohortseg.engine.ModelSessions;
import org.cohortseg.engine.ModelSpec;

/**
 * The cohort job: every scan of a manifest segmented and measured once on the executors, written
 * as two Parquet tables, DIR/scans and DIR/measurements. The model and manifest are checked on
 * the driver before any task, and the model's bytes are broadcast once (each executor opens its
 * sessions from them on first use); the scans are processed and committed in batches ({@link BatchRunner},
 * {@link BatchCommitter}), so a killed driver loses at most the batches in flight and
 * {@code --resume} continues from the last commit; a broken scan becomes a FAILED row with its
 * reason and the rest of the cohort completes.
 */
public final class CohortJob {
    /** Exit code when some scans failed and the run was asked to fail on error (1 and 2 are the CLI's). */
    public static final int EXIT_SCANS_FAILED = 3;
    /** Exit code when no scan succeeded. */
    public static final int EXIT_NOTHING_SUCCEEDED = 4;

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

    /** Runs the job on {@code spark}, logging each committed batch. */
    public static Summary run(SparkSession spark, RunSettings s, EngineSettings engine, java.io.PrintStream log)
            throws IOException {
        return run(spark, s, engine, log, CommitListener.logging(log));
    }

    /** Runs the job on {@code spark}; {@code listener} is told of every step of every commit. */
    public static Summary run(SparkSession spark, RunSettings s, EngineSettings engine, java.io.PrintStream log,
                              CommitListener listener) throws IOException {
        long start = System.nanoTime();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        ModelBundle model = ModelBundle.read(engine.model(), conf).forStructures(engine.structures());
        ModelSpec spec = model.load();
        ModelSessions.check(spec);
        Tables.RunInfo run = new Tables.RunInfo(spec.id(), model.sha256(), SoftwareVersion.current(),
                UUID.randomUUID().toString());
        Manifest manifest = Manifest.read(spark, s.manifest(), s.manifestFormat());
        Tables.scansSchema(manifest.schema()); // fails on the driver when manifest and result columns clash
        BatchCommitter committer = new BatchCommitter(s.out(), conf, listener);
        Set<String> done = Set.of();
        if (s.resume()) {
            BatchCommitter.Recovery recovered = committer.recover();
            if (recovered.any()) {
                log.printf(Locale.ROOT, "cohortseg segment: resumed after a crash: %d committed batches completed, "
                        + "%d uncommitted batches discarded%n", recovered.completed(), recovered.discarded());
            }
            done = alreadyOk(spark, committer, run.modelSha256());
        } else {
            committer.clear();
        }
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
            Broadcast<ModelBundle> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(model);
            try {
                ScanWorker worker = new ScanWorker(s, new TaskPipeline(engine,
                        new ModelSource.Broadcasted(model.identity(), shared), conf), run);
                long ok = new BatchRunner(spark, s, worker, run, manifest.schema(), committer, progress).run(tasks);
                long failed = tasks.size() - ok;
                summary = new Summary(manifest.tasks().size(), ok, failed, done.size(), seconds(start),
                        exitCode(s, ok + done.size(), failed));
            } finally {
                reporter.interrupt();
                shared.destroy();
            }
            log.println(progress.line(tasks.size(), seconds(start)));
            if (summary.failed() > 0) {
                log.println(FailureReasons.line(spark, committer.table("scans"), run.runId()));
            }
        }
        log.println(summary.line());
        return summary;
    }

    /** Scans with an OK row for this model whose measurements were committed with them (same run). */
    private static Set<String> alreadyOk(SparkSession spark, BatchCommitter tables, String sha256) throws IOException {
        if (!tables.hasData("scans") || !tables.hasData("measurements")) {
            return Set.of();
        }
        Dataset<Row> ok = spark.read().parquet(tables.table("scans").toString())
                .where(functions.col("status").equalTo("OK").and(functions.col("model_sha256").equalTo(sha256)))
                .select("scan_id", "run_id");
        Dataset<Row> measured = spark.read().parquet(tables.table("measurements").toString())
                .select("scan_id", "run_id").distinct();
        Set<String> ids = new HashSet<>();
        for (Row r : ok.join(measured, ok.col("scan_id").equalTo(measured.col("scan_id"))
                .and(ok.col("run_id").equalTo(measured.col("run_id"))), "left_semi").select("scan_id").collectAsList()) {
            ids.add(r.get(0).toString());
        }
        return ids;
    }

    /** The exit code of a run where {@code ok} scans of the manifest are OK (now or before) and {@code failed} failed now. */
    private static int exitCode(RunSettings s, long ok, long failed) {
        if (ok == 0 && failed > 0) {
            return EXIT_NOTHING_SUCCEEDED;
        }
        return s.failOnError() && failed > 0 ? EXIT_SCANS_FAILED : 0;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
