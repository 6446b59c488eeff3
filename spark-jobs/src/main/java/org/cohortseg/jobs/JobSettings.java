package org.cohortseg.jobs;

import java.io.Serializable;
import org.cohortseg.io.Redaction;
import org.cohortseg.nifti.ReadLimits;

/**
 * Settings of a cohort run, validated on the driver before any task starts.
 *
 * @param manifest manifest location (CSV or Parquet, any Hadoop file system)
 * @param manifestFormat the manifest's format (AUTO: from its content)
 * @param model model spec: a name in conf/models, a local path or a Hadoop URI
 * @param out output folder (tables DIR/scans and DIR/measurements, masks in DIR/masks)
 * @param resume skip scans already OK in {@code out} for the same model and append the rest
 * @param masks also write each label map to DIR/masks
 * @param partitions partitions per batch (0: one per core, or one per two scans if that is more; at most one per scan)
 * @param commitEvery scans per committed batch (0: four per core, at least 16)
 * @param failOnError exit non-zero when any scan failed
 * @param device "cpu" or "cuda" (the GPU Spark assigns to each task)
 * @param cpuFallback run on the CPU when CUDA is unavailable, instead of failing the scans
 * @param threadsPerTask inference and worker threads per task
 * @param batchSize windows per network call
 * @param prefetch scans read ahead per task
 * @param limits what a scan's header may declare (size, voxel spacing)
 */
public record JobSettings(String manifest, ManifestFormat manifestFormat, String model, String out, boolean resume, boolean masks, int partitions, int commitEvery,
                          boolean failOnError, String device, boolean cpuFallback, int threadsPerTask, int batchSize,
                          int prefetch, ReadLimits limits) implements Serializable {

    public JobSettings {
        if (threadsPerTask < 1 || batchSize < 1 || prefetch < 1 || partitions < 0 || commitEvery < 0) {
            throw new IllegalArgumentException("threads, batch size and prefetch must be positive, partitions and commit-every >= 0");
        }
        for (String[] location : new String[][] {{"--manifest", manifest}, {"--model", model}, {"--out", out}}) {
            if (Redaction.hasUserInfo(location[1])) {
                throw new IllegalArgumentException(location[0] + " " + Redaction.redact(location[1])
                        + " holds credentials: give them as configuration (e.g. spark.hadoop.fs.s3a.secret.key)");
            }
        }
        if (!device.equals("cpu") && !device.startsWith("cuda")) {
            throw new IllegalArgumentException("device must be cpu or cuda: " + device);
        }
    }
}
