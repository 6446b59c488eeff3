package org.cohortseg.cli;

import org.cohortseg.engine.Device;
import org.cohortseg.engine.EngineOptions;
import org.cohortseg.jobs.EngineSettings;
import org.cohortseg.nifti.ReadLimits;
import picocli.CommandLine.Option;

/** The engine options shared by the commands that segment: device, CUDA fallback, batch size. */
final class EngineMixin {
    @Option(names = "--device", defaultValue = "cpu",
            description = "cpu, or cuda[:N] (a cohort job uses the GPU Spark assigns each task; default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--cpu-fallback", description = "Run on the CPU (with a warning) when CUDA is unavailable.")
    boolean cpuFallback;

    @Option(names = "--batch", defaultValue = "2", description = "Windows per network call (default: ${DEFAULT-VALUE}).")
    int batch;

    /** Engine options with {@code threads} inference and worker threads. */
    EngineOptions options(int threads) {
        return new EngineOptions(Device.parse(device), fallback(), threads, batch, threads);
    }

    /** The engine of every task of a cohort job. */
    EngineSettings settings(String model, int threadsPerTask, ReadLimits limits) {
        return EngineSettings.of(model).withDevice(Device.parse(device)).withCudaFallback(fallback())
                .withThreadsPerTask(threadsPerTask).withBatchSize(batch).withLimits(limits);
    }

    EngineOptions.CudaFallback fallback() {
        return cpuFallback ? EngineOptions.CudaFallback.CPU : EngineOptions.CudaFallback.FAIL;
    }
}
