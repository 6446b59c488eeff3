package org.cohortseg.jobs;

import java.io.Serializable;
import org.cohortseg.io.Redaction;

/**
 * What a cohort run is: which scans, where the tables go, and how the work is cut and committed.
 * Built with {@link #of} and named setters; checked when built, on the driver.
 *
 * @param manifest manifest location (CSV or Parquet, any Hadoop file system)
 * @param manifestFormat the manifest's format (AUTO: from its content)
 * @param out output folder (tables DIR/scans and DIR/measurements, masks in DIR/masks)
 * @param resume skip scans already OK in {@code out} for the same model and append the rest
 * @param masks also write each label map to DIR/masks
 * @param partitions partitions per batch (0: one per core, or one per two scans if that is more; at most one per scan)
 * @param commitEvery scans per committed batch (0: four per core, at least 16)
 * @param failOnError exit non-zero when any scan failed
 * @param prefetch scans read ahead per task
 */
public record RunSettings(String manifest, ManifestFormat manifestFormat, String out, boolean resume, boolean masks,
                          int partitions, int commitEvery, boolean failOnError, int prefetch) implements Serializable {

    public RunSettings {
        if (prefetch < 1 || partitions < 0 || commitEvery < 0) {
            throw new IllegalArgumentException("prefetch must be positive, partitions and commit-every >= 0");
        }
        Redaction.refuseUserInfo("--manifest", manifest);
        Redaction.refuseUserInfo("--out", out);
    }

    /** A run of {@code manifest} into {@code out}: format from the content, new tables, no masks, default batches, prefetch 1. */
    public static RunSettings of(String manifest, String out) {
        return new RunSettings(manifest, ManifestFormat.AUTO, out, false, false, 0, 0, false, 1);
    }

    public RunSettings withManifestFormat(ManifestFormat f) {
        return new RunSettings(manifest, f, out, resume, masks, partitions, commitEvery, failOnError, prefetch);
    }

    public RunSettings withResume(boolean r) {
        return new RunSettings(manifest, manifestFormat, out, r, masks, partitions, commitEvery, failOnError, prefetch);
    }

    public RunSettings withMasks(boolean m) {
        return new RunSettings(manifest, manifestFormat, out, resume, m, partitions, commitEvery, failOnError, prefetch);
    }

    public RunSettings withPartitions(int p) {
        return new RunSettings(manifest, manifestFormat, out, resume, masks, p, commitEvery, failOnError, prefetch);
    }

    public RunSettings withCommitEvery(int n) {
        return new RunSettings(manifest, manifestFormat, out, resume, masks, partitions, n, failOnError, prefetch);
    }

    public RunSettings withFailOnError(boolean f) {
        return new RunSettings(manifest, manifestFormat, out, resume, masks, partitions, commitEvery, f, prefetch);
    }

    public RunSettings withPrefetch(int n) {
        return new RunSettings(manifest, manifestFormat, out, resume, masks, partitions, commitEvery, failOnError, n);
    }
}
