package org.cohortseg.cli;

import java.util.concurrent.Callable;
import org.cohortseg.jobs.CatalogName;
import org.cohortseg.jobs.CatalogTables;
import org.cohortseg.jobs.CohortJob;
import org.cohortseg.jobs.EngineSettings;
import org.cohortseg.jobs.ManifestFormat;
import org.cohortseg.jobs.RunSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cohortseg segment}: the cohort job, on embedded local Spark, or on the cluster when started
 * by spark-submit (org.cohortseg.cli.SegmentCohort), which sets the master.
 */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = "Segment and measure every scan of a manifest; write DIR/scans and DIR/measurements (Parquet).")
public final class SegmentCommand implements Callable<Integer> {
    @Option(names = "--manifest", required = true, description = "Manifest: CSV with a header, or Parquet (any Hadoop FS).")
    String manifest;

    @Option(names = "--manifest-format", defaultValue = "auto", description = "auto (from the content), csv or parquet "
            + "(default: ${DEFAULT-VALUE}).")
    ManifestFormat manifestFormat;

    @Mixin
    ModelMixin model;

    @Option(names = "--out", required = true, description = "Output folder for the tables (any Hadoop FS).")
    String out;

    @Mixin
    SparkMasterMixin master;

    @Option(names = "--resume", description = "Skip scans already OK in --out for the same model; append the rest.")
    boolean resume;

    @Option(names = "--masks", description = "Also write every label map to DIR/masks/SCAN_ID.nii.gz.")
    boolean masks;

    @Option(names = "--partitions", defaultValue = "0", description = "Partitions per batch (default: one per core, or one per 2 scans if more; at most one per scan).")
    int partitions;

    @Option(names = "--commit-every", defaultValue = "0", description = "Scans per committed batch: a crash loses at most "
            + "the batches in flight (default: 4 per core, at least 16).")
    int commitEvery;

    @Option(names = "--fail-on-error", description = "Exit with 3 when any scan failed (always 4 when none succeeded).")
    boolean failOnError;

    @Option(names = "--threads-per-task", defaultValue = "1", description = "Threads each task uses (default: ${DEFAULT-VALUE}).")
    int threadsPerTask;

    @Mixin
    EngineMixin engine;

    @Option(names = "--prefetch", defaultValue = "1", description = "Scans read ahead per task (default: ${DEFAULT-VALUE}).")
    int prefetch;

    @Mixin
    ReadLimitsMixin limits;

    @Option(names = "--catalog", paramLabel = "NAME", description = "Also register the tables in this catalog database: "
            + "NAME.scans, NAME.measurements and the views NAME.scans_latest, NAME.measurements_latest.")
    CatalogName catalog;

    @Override
    public Integer call() throws Exception {
        RunSettings run = RunSettings.of(manifest, out).withManifestFormat(manifestFormat).withResume(resume).withMasks(masks)
                .withPartitions(partitions).withCommitEvery(commitEvery).withFailOnError(failOnError).withPrefetch(prefetch);
        EngineSettings engineSettings = engine.settings(model.nameOrPath, threadsPerTask, limits.limits())
                .withStructures(model.structures);
        try (SparkSessions spark = master.open(catalog)) {
            int exitCode = CohortJob.run(spark.get(), run, engineSettings, System.out).exitCode();
            if (catalog != null) {
                new CatalogTables(spark.get(), catalog, System.out).registerSegmentTables(out);
            }
            return exitCode;
        }
    }
}
