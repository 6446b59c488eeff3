package org.cohortseg.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the engine runs.
 *
 * @param device where the networks run (default CPU)
 * @param cudaFallback what to do when CUDA is asked for but this ONNX Runtime build or machine has none
 * @param inferenceThreads ONNX Runtime intra-op threads (default: all cores)
 * @param batchSize windows per network call (default 2)
 * @param workerThreads threads for resampling and blending windows (default: all cores)
 * @param spillDirectory where a long scan's CT, resampled to the model grid, waits for the
 *     networks instead of the heap (default: java.io.tmpdir; null keeps it in memory)
 * @param minBodyMl least body tissue (ml above -500 HU) a CT must hold to be segmented (default 50;
 *     0 for specimens and test images smaller than any body part)
 * @param sessionLifetime how long the parts' sessions stay open (default: {@link SessionLifetime#forDevice})
 */
public record EngineOptions(Device device, CudaFallback cudaFallback, int inferenceThreads, int batchSize,
                            int workerThreads, Path spillDirectory, double minBodyMl, SessionLifetime sessionLifetime) {
    private static final Path DEFAULT_SPILL = Path.of(System.getProperty("java.io.tmpdir"));

    /** Policy when CUDA is unavailable. */
    public enum CudaFallback {
        /** Fail with an error naming the device. */
        FAIL,
        /** Run on the CPU and log a warning. */
        CPU
    }

    /** Options that spill to java.io.tmpdir. */
    public EngineOptions(Device device, CudaFallback cudaFallback, int inferenceThreads, int batchSize, int workerThreads) {
        this(device, cudaFallback, inferenceThreads, batchSize, workerThreads, DEFAULT_SPILL, ImageContentCheck.MIN_BODY_ML,
                SessionLifetime.forDevice(device));
    }

    public EngineOptions {
        if (inferenceThreads < 1 || batchSize < 1 || workerThreads < 1) {
            throw new IllegalArgumentException("threads and batch size must be positive");
        }
        if (!(minBodyMl >= 0)) {
            throw new IllegalArgumentException("the least body volume must be >= 0 ml: " + minBodyMl);
        }
        Objects.requireNonNull(sessionLifetime, "sessionLifetime");
    }

    /** CPU, fail on missing CUDA, all cores, batch 2. */
    public static EngineOptions defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new EngineOptions(Device.CPU, CudaFallback.FAIL, cores, 2, cores);
    }

    /** The same options on another device, with that device's default session lifetime. */
    public EngineOptions withDevice(Device d) {
        return new EngineOptions(d, cudaFallback, inferenceThreads, batchSize, workerThreads, spillDirectory, minBodyMl,
                SessionLifetime.forDevice(d));
    }

    /** The same options with another session lifetime. */
    public EngineOptions withSessionLifetime(SessionLifetime lifetime) {
        return new EngineOptions(device, cudaFallback, inferenceThreads, batchSize, workerThreads, spillDirectory, minBodyMl,
                lifetime);
    }

    /** The same options with another spill directory (null: never spill). */
    public EngineOptions withSpillDirectory(Path directory) {
        return new EngineOptions(device, cudaFallback, inferenceThreads, batchSize, workerThreads, directory, minBodyMl,
                sessionLifetime);
    }

    /** The same options with another least body volume (ml). */
    public EngineOptions withMinBodyMl(double ml) {
        return new EngineOptions(device, cudaFallback, inferenceThreads, batchSize, workerThreads, spillDirectory, ml,
                sessionLifetime);
    }

    /** The same options with other thread counts. */
    public EngineOptions withThreads(int inference, int workers) {
        return new EngineOptions(device, cudaFallback, inference, batchSize, workers, spillDirectory, minBodyMl,
                sessionLifetime);
    }
}
