package org.cohortseg.jobs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.util.SerializableConfiguration;
import org.cohortseg.engine.Device;
import org.cohortseg.engine.EngineOptions;
import org.cohortseg.nifti.NiftiReader;
import org.cohortseg.nifti.NiftiWriter;
import org.cohortseg.pipeline.PrefetchingAnalyser;
import org.cohortseg.pipeline.ScanOutcome;
import org.cohortseg.pipeline.ScanPipeline;
import org.cohortseg.pipeline.ScanStatus;

/**
 * What an executor does with a partition of scans: take the JVM's engine (on the task's GPU when
 * the job runs on CUDA), read each scan through the Hadoop FileSystem API while the previous one
 * is inferred, and turn outcomes into table rows. Shared by the cohort job and the segment_ct UDF.
 */
public final class ScanWorker implements Serializable {
    private static final long serialVersionUID = 1L;
    private final JobSettings settings;
    private final Tables.RunInfo run;
    private final SerializableConfiguration conf;

    public ScanWorker(JobSettings settings, Tables.RunInfo run, Configuration conf) {
        this.settings = settings;
        this.run = run;
        this.conf = new SerializableConfiguration(conf);
    }

    /** The pipeline of this task (engine shared per JVM). */
    ScanPipeline pipeline() throws IOException {
        EngineOptions options = new EngineOptions(device(), settings.cpuFallback()
                ? EngineOptions.CudaFallback.CPU : EngineOptions.CudaFallback.FAIL,
                settings.threadsPerTask(), settings.batchSize(), settings.threadsPerTask());
        return new ScanPipeline(ExecutorEngines.get(settings.model(), options, conf.value()),
                new NiftiReader(settings.limits()), settings.masks());
    }

    /** CPU, or the CUDA device Spark assigned to this task (the first of its "gpu" addresses). */
    private Device device() {
        if (!settings.device().startsWith("cuda")) {
            return Device.CPU;
        }
        TaskContext task = TaskContext.get();
        if (task != null) {
            ResourceInformation gpu = task.resources().get("gpu").getOrElse(() -> null);
            if (gpu != null && gpu.addresses().length > 0) {
                return new Device(true, Integer.parseInt(gpu.addresses()[0]));
            }
        }
        return Device.parse(settings.device());
    }

    /** Reads one scan through the Hadoop FileSystem API (a path the manifest row could not give fails here). */
    ScanPipeline.Loaded read(ScanPipeline pipeline, ScanTask task) {
        return pipeline.read(task.path(), () -> {
            if (task.pathProblem() != null) {
                throw new InvalidScanPathException(task.pathProblem());
            }
            Path p = new Path(task.path());
            FileSystem fs = p.getFileSystem(conf.value());
            // scans have no Hadoop checksum files: looking for one breaks on names with a colon
            return (fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs).open(p);
        });
    }

    /** Processes a partition. */
    public Iterator<ScanResult> process(Iterator<ScanTask> tasks, JobProgress progress) throws IOException {
        ScanPipeline pipeline = pipeline();
        String executor = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
        int attempt = TaskContext.get() == null ? 0 : TaskContext.get().attemptNumber();
        PrefetchingAnalyser<ScanTask> analyser = new PrefetchingAnalyser<>(tasks, t -> read(pipeline, t),
                pipeline, settings.prefetch());
        List<ScanResult> out = new ArrayList<>();
        while (analyser.hasNext()) {
            PrefetchingAnalyser.Result<ScanTask> r = analyser.next();
            ScanOutcome o = r.outcome();
            if (o.mask() != null) {
                o = writeMask(r.task(), o);
            }
            boolean ok = o.status() == ScanStatus.OK;
            progress.record(ok);
            out.add(new ScanResult(Tables.scanRow(r.task(), o, run, executor, attempt,
                    new Timestamp(System.currentTimeMillis())), Tables.measurementRows(r.task(), o, run), ok));
        }
        return out.iterator();
    }

    /** Writes DIR/masks/SCAN_ID.nii.gz (to a temporary name first, then renamed); a failure fails the scan. */
    private ScanOutcome writeMask(ScanTask task, ScanOutcome o) {
        Path target = new Path(settings.out(), "masks/" + task.scanId() + ".nii.gz");
        Path temp = new Path(settings.out(), "masks/." + task.scanId() + "." + run.runId() + ".tmp");
        try {
            FileSystem fs = target.getFileSystem(conf.value());
            try (OutputStream os = fs.create(temp, true)) {
                new NiftiWriter().write(o.mask(), os, true);
            }
            fs.delete(target, false);
            if (!fs.rename(temp, target)) {
                throw new IOException("cannot rename " + temp + " to " + target);
            }
            return new ScanOutcome(o.status(), null, null, o.geometry(), o.seconds(), o.measures(), null);
        } catch (IOException e) {
            return ScanOutcome.failed(e, o.geometry(), o.seconds());
        }
    }
}
