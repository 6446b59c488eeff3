package org.cohortseg.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.Path;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Processes the scans of a run in batches of {@code commitEvery} and commits each batch as soon as
 * it is done. Two batches are in flight at a time (from two driver threads), so the executors
 * start on the next batch while one is being written and committed. Within a batch, partitions are
 * balanced by input size and each scan is computed once (its results are persisted while both
 * tables are staged); each staged table is one file per batch.
 */
final class BatchRunner {
    /** Largest default partition: enough to read ahead, small enough for steady progress reports. */
    static final int SCANS_PER_PARTITION = 2;
    /** Smallest default batch. */
    static final int MIN_BATCH = 16;
    private static final int BATCHES_IN_FLIGHT = 2;

    private final SparkSession spark;
    private final JavaSparkContext jsc;
    private final RunSettings settings;
    private final Tables.RunInfo run;
    private final StructType scansSchema;
    private final BatchCommitter committer;
    private final JobProgress progress;
    private final ScanWorker worker;

    BatchRunner(SparkSession spark, RunSettings settings, ScanWorker worker, Tables.RunInfo run, StructType manifestSchema,
                BatchCommitter committer, JobProgress progress) {
        this.spark = spark;
        this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.settings = settings;
        this.run = run;
        this.scansSchema = Tables.scansSchema(manifestSchema);
        this.committer = committer;
        this.progress = progress;
        this.worker = worker;
    }

    /** Processes and commits every task; returns the number of scans that succeeded. */
    long run(List<ScanTask> tasks) throws IOException {
        // by default four batches' worth of tasks per core: the cores stay busy while a batch commits
        int size = settings.commitEvery() > 0 ? settings.commitEvery() : Math.max(MIN_BATCH, 4 * jsc.defaultParallelism());
        List<List<ScanTask>> batches = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i += size) {
            batches.add(tasks.subList(i, Math.min(tasks.size(), i + size)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(BATCHES_IN_FLIGHT, r -> {
            Thread t = new Thread(r, "cohortseg-batch");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Long>> oks = new ArrayList<>();
            for (int b = 0; b < batches.size(); b++) {
                int index = b;
                oks.add(pool.submit(() -> process(batches.get(index), index, batches.size())));
            }
            long ok = 0;
            for (Future<Long> f : oks) {
                ok += f.get();
            }
            committer.finish();
            return ok;
        } catch (ExecutionException e) {
            jsc.cancelAllJobs();
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jsc.cancelAllJobs();
            throw new IOException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Segments, stages and commits one batch; returns its number of OK scans. */
    private long process(List<ScanTask> batch, int index, int batches) throws IOException {
        jsc.setJobGroup("cohortseg-" + run.runId() + "-b" + index, "cohortseg batch " + (index + 1) + "/" + batches, false);
        int partitions = Math.min(batch.size(), settings.partitions() > 0 ? settings.partitions()
                : Math.max(jsc.defaultParallelism(), (batch.size() + SCANS_PER_PARTITION - 1) / SCANS_PER_PARTITION));
        int[] assignment = SizeBalancer.assign(batch, partitions);
        List<Tuple2<Integer, ScanTask>> keyed = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            keyed.add(new Tuple2<>(assignment[i], batch.get(i)));
        }
        ScanWorker w = worker;
        JobProgress p = progress;
        JavaRDD<ScanResult> results = JavaPairRDD.fromJavaRDD(jsc.parallelize(keyed, partitions))
                .partitionBy(new ByIndex(partitions))
                .values()
                .mapPartitions(it -> w.process(it, p))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            long ok = results.filter(ScanResult::ok).count();
            Path staged = committer.stagingFolder(run.runId(), index);
            spark.createDataFrame(results.map(ScanResult::scan), scansSchema).coalesce(1)
                    .write().mode(SaveMode.Overwrite).parquet(new Path(staged, "scans").toString());
            spark.createDataFrame(results.flatMap(r -> r.measurements().iterator()), Tables.measurementsSchema())
                    .coalesce(1).write().mode(SaveMode.Overwrite).parquet(new Path(staged, "measurements").toString());
            committer.commit(staged, batches, batch.size());
            return ok;
        } finally {
            results.unpersist(false);
        }
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
