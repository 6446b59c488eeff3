package org.cohortseg.jobs;

import java.io.Serializable;
import java.util.List;
import org.cohortseg.engine.Device;
import org.cohortseg.engine.EngineOptions;
import org.cohortseg.io.Redaction;
import org.cohortseg.nifti.ReadLimits;

/**
 * What the engine of every task is: the model, where it runs, its thread budget and batch size,
 * and what a scan's header may declare. Built with {@link #of} and named setters.
 *
 * @param model model spec: a name in conf/models, a local path or a Hadoop URI
 * @param device the CPU, or CUDA: each task then runs on the GPU Spark assigned it (this ordinal
 *     when Spark assigned none)
 * @param cudaFallback what a task does when CUDA is unavailable
 * @param threadsPerTask threads of every stage of a task (inference, resampling, blending, measuring)
 * @param batchSize windows per network call
 * @param limits what a scan's header may declare (size, voxel spacing)
 * @param structures the structures to segment (TotalSegmentator's {@code --roi_subset}); empty: all
 */
public record EngineSettings(String model, Device device, EngineOptions.CudaFallback cudaFallback, int threadsPerTask,
                             int batchSize, ReadLimits limits, List<String> structures) implements Serializable {

    public EngineSettings {
        structures = List.copyOf(structures);
        if (threadsPerTask < 1 || batchSize < 1) {
            throw new IllegalArgumentException("threads per task and batch size must be positive");
        }
        Redaction.refuseUserInfo("--model", model);
    }

    /** {@code model} on the CPU, one thread per task, batch 2, default read limits. */
    public static EngineSettings of(String model) {
        return new EngineSettings(model, Device.CPU, EngineOptions.CudaFallback.FAIL, 1, 2, ReadLimits.DEFAULT, List.of());
    }

    public EngineSettings withDevice(Device d) {
        return new EngineSettings(model, d, cudaFallback, threadsPerTask, batchSize, limits, structures);
    }

    public EngineSettings withCudaFallback(EngineOptions.CudaFallback f) {
        return new EngineSettings(model, device, f, threadsPerTask, batchSize, limits, structures);
    }

    public EngineSettings withThreadsPerTask(int n) {
        return new EngineSettings(model, device, cudaFallback, n, batchSize, limits, structures);
    }

    public EngineSettings withBatchSize(int n) {
        return new EngineSettings(model, device, cudaFallback, threadsPerTask, n, limits, structures);
    }

    public EngineSettings withLimits(ReadLimits l) {
        return new EngineSettings(model, device, cudaFallback, threadsPerTask, batchSize, l, structures);
    }

    public EngineSettings withStructures(List<String> names) {
        return new EngineSettings(model, device, cudaFallback, threadsPerTask, batchSize, limits, names);
    }

    /** The engine options of a task running on {@code taskDevice}: the task's threads for every stage. */
    EngineOptions options(Device taskDevice) {
        return new EngineOptions(taskDevice, cudaFallback, threadsPerTask, batchSize, threadsPerTask);
    }
}
