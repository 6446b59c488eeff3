package org.cohortseg.jobs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.cohortseg.engine.ModelSpecException;
import org.cohortseg.nifti.NiftiWriter;
import org.cohortseg.pipeline.PrefetchingAnalyser;
import org.cohortseg.pipeline.ScanOutcome;
import org.cohortseg.pipeline.ScanPipeline;
import org.cohortseg.pipeline.ScanStatus;

/**
 * What an executor does with a partition of scans: run each through the task's pipeline, reading
 * the next scan while the current one is inferred, write masks when asked, and turn outcomes into
 * table rows.
 */
public final class ScanWorker implements Serializable {
    private static final long serialVersionUID = 1L;
    private final RunSettings settings;
    private final TaskPipeline pipeline;
    private final Tables.RunInfo run;

    ScanWorker(RunSettings settings, TaskPipeline pipeline, Tables.RunInfo run) {
        this.settings = settings;
        this.pipeline = pipeline;
        this.run = run;
    }

    /**
     * Processes a partition. When the model cannot be opened here, every scan of the partition is
     * FAILED with the reason: the driver proved the model loads on its CPU, so what fails is this
     * task's device (CUDA asked for where no GPU, driver or CUDA library is), and that is a fact
     * about each scan's try, as any other failure is, not a reason to abort the cohort.
     */
    public Iterator<ScanResult> process(Iterator<ScanTask> tasks, JobProgress progress) throws IOException {
        String executor = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
        int attempt = TaskContext.get() == null ? 0 : TaskContext.get().attemptNumber();
        ScanPipeline scans;
        try {
            scans = pipeline.open(settings.masks());
        } catch (ModelSpecException e) {
            List<ScanResult> out = new ArrayList<>();
            tasks.forEachRemaining(t -> out.add(result(t, ScanOutcome.failed(e, null, Map.of()), executor, attempt, progress)));
            return out.iterator();
        }
        PrefetchingAnalyser<ScanTask> analyser = new PrefetchingAnalyser<>(tasks, t -> pipeline.read(scans, t),
                scans, settings.prefetch());
        List<ScanResult> out = new ArrayList<>();
        while (analyser.hasNext()) {
            PrefetchingAnalyser.Result<ScanTask> r = analyser.next();
            ScanOutcome o = r.outcome();
            if (o.mask() != null) {
                o = writeMask(r.task(), o);
            }
            out.add(result(r.task(), o, executor, attempt, progress));
        }
        return out.iterator();
    }

    private ScanResult result(ScanTask task, ScanOutcome o, String executor, int attempt, JobProgress progress) {
        boolean ok = o.status() == ScanStatus.OK;
        progress.record(ok);
        return new ScanResult(Tables.scanRow(new Tables.ScanTry(task, o, run, executor, attempt,
                new Timestamp(System.currentTimeMillis()))), Tables.measurementRows(task, o, run), ok);
    }

    /** Writes DIR/masks/SCAN_ID.nii.gz (to a temporary name first, then renamed); a failure fails the scan. */
    private ScanOutcome writeMask(ScanTask task, ScanOutcome o) {
        Path target = new Path(settings.out(), "masks/" + task.scanId() + ".nii.gz");
        Path temp = new Path(settings.out(), "masks/." + task.scanId() + "." + run.runId() + ".tmp");
        try {
            FileSystem fs = target.getFileSystem(pipeline.conf());
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
