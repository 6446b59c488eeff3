package org.cohortseg.jobs;

import java.io.IOException;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.util.SerializableConfiguration;
import org.cohortseg.engine.Device;
import org.cohortseg.engine.EngineOptions;
import org.cohortseg.engine.SegmentationEngine;
import org.cohortseg.nifti.NiftiReader;
import org.cohortseg.pipeline.CtReader;
import org.cohortseg.pipeline.ScanPipeline;

/**
 * The scan pipeline of one Spark task: the model's sessions shared by the executor, the task's own
 * device and thread budget for every stage, and scans read through the Hadoop FileSystem API.
 * Shared by the cohort job and the segment_ct function.
 */
final class TaskPipeline implements Serializable {
    private static final long serialVersionUID = 1L;
    private final EngineSettings engine;
    private final ModelSource model;
    private final SerializableConfiguration conf;

    TaskPipeline(EngineSettings engine, ModelSource model, Configuration conf) {
        this.engine = engine;
        this.model = model;
        this.conf = new SerializableConfiguration(conf);
    }

    /** The Hadoop configuration the job runs with. */
    Configuration conf() {
        return conf.value();
    }

    /** A pipeline for this task; {@code keepMask}: outcomes carry the label map. */
    ScanPipeline open(boolean keepMask) throws IOException {
        EngineOptions options = engine.options(taskDevice());
        return new ScanPipeline(new SegmentationEngine(model.sessions(options), options),
                new CtReader(new NiftiReader(engine.limits())), keepMask);
    }

    /** CPU, or the CUDA device Spark assigned to this task (the first of its "gpu" addresses). */
    private Device taskDevice() {
        if (!engine.device().cuda()) {
            return Device.CPU;
        }
        TaskContext task = TaskContext.get();
        if (task != null) {
            ResourceInformation gpu = task.resources().get("gpu").getOrElse(() -> null);
            if (gpu != null && gpu.addresses().length > 0) {
                return new Device(true, Integer.parseInt(gpu.addresses()[0]));
            }
        }
        return engine.device();
    }

    /** Reads one scan (a path the manifest row could not give fails here). */
    ScanPipeline.Loaded read(ScanPipeline pipeline, ScanTask task) {
        if (task.pathProblem() != null) {
            return new ScanPipeline.Loaded(null, new InvalidScanPathException(task.pathProblem()), 0);
        }
        return pipeline.read(task.path(), new HadoopScanStore(conf.value()));
    }
}
