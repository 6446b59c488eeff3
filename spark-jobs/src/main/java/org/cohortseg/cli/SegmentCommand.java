package org.cohortseg.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.cohortseg.jobs.CohortJob;
import org.cohortseg.jobs.JobSettings;
import org.cohortseg.nifti.ReadLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cohortseg segment}: the cohort job, on embedded local Spark, or on the cluster when started
 * by spark-submit (org.cohortseg.jobs.SegmentCohort), which sets the master.
 */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = "Segment and measure every scan of a manifest; write DIR/scans and DIR/measurements (Parquet).")
public final class SegmentCommand implements Callable<Integer> {
    @Option(names = "--manifest", required = true, description = "Manifest: CSV with a header, or Parquet (any Hadoop FS).")
    String manifest;

    @Option(names = "--model", defaultValue = "phantom",
            description = "Model spec: a name in conf/models, a path or a Hadoop URI (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--out", required = true, description = "Output folder for the tables (any Hadoop FS).")
    String out;

    @Option(names = "--master", description = "Spark master for an embedded run (default: local[*]; ignored under spark-submit).")
    String master;

    @Option(names = "--resume", description = "Skip scans already OK in --out for the same model; append the rest.")
    boolean resume;

    @Option(names = "--masks", description = "Also write every label map to DIR/masks/SCAN_ID.nii.gz.")
    boolean masks;

    @Option(names = "--partitions", defaultValue = "0", description = "Partitions (default: 4 per core, or one per 2 scans if more; at most one per scan).")
    int partitions;

    @Option(names = "--fail-on-error", description = "Exit with 1 when any scan failed (always 2 when none succeeded).")
    boolean failOnError;

    @Option(names = "--threads-per-task", defaultValue = "1", description = "Threads each task uses (default: ${DEFAULT-VALUE}).")
    int threadsPerTask;

    @Mixin
    EngineMixin engine;

    @Option(names = "--prefetch", defaultValue = "1", description = "Scans read ahead per task (default: ${DEFAULT-VALUE}).")
    int prefetch;

    @Option(names = "--max-voxels", description = "Largest scan accepted, in voxels (default: 2^31-9).")
    Long maxVoxels;

    @Override
    public Integer call() throws Exception {
        JobSettings settings = new JobSettings(manifest, model, out, resume, masks, partitions, failOnError,
                engine.device, engine.cpuFallback, threadsPerTask, engine.batch, prefetch, maxVoxels != null ? maxVoxels : ReadLimits.DEFAULT.maxVoxels());
        SparkSession spark = session(master);
        return CohortJob.run(spark, settings, System.out).exitCode();
    }

    /** The running session (spark-submit, or a test's shared one), or a new embedded one. */
    static SparkSession session(String master) {
        SparkSession.Builder b = SparkSession.builder().appName("cohortseg");
        if (System.getProperty("spark.master") == null) {
            b.master(master != null ? master : "local[*]");
        }
        return b.getOrCreate();
    }
}
