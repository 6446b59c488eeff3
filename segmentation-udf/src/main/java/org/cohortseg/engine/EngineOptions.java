package org.cohortseg.engine;

/**
 * How the engine runs.
 *
 * @param device where the networks run (default CPU)
 * @param cudaFallback what to do when CUDA is asked for but this ONNX Runtime build or machine has none
 * @param inferenceThreads ONNX Runtime intra-op threads (default: all cores)
 * @param batchSize windows per network call (default 2)
 * @param workerThreads threads for resampling and blending windows (default: all cores)
 */
public record EngineOptions(Device device, CudaFallback cudaFallback, int inferenceThreads, int batchSize,
                            int workerThreads) {

    /** Policy when CUDA is unavailable. */
    public enum CudaFallback {
        /** Fail with an error naming the device. */
        FAIL,
        /** Run on the CPU and log a warning. */
        CPU
    }

    public EngineOptions {
        if (inferenceThreads < 1 || batchSize < 1 || workerThreads < 1) {
            throw new IllegalArgumentException("threads and batch size must be positive");
        }
    }

    /** CPU, fail on missing CUDA, all cores, batch 2. */
    public static EngineOptions defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new EngineOptions(Device.CPU, CudaFallback.FAIL, cores, 2, cores);
    }

    /** The same options on another device. */
    public EngineOptions withDevice(Device d) {
        return new EngineOptions(d, cudaFallback, inferenceThreads, batchSize, workerThreads);
    }

    /** The same options with other thread counts. */
    public EngineOptions withThreads(int inference, int workers) {
        return new EngineOptions(device, cudaFallback, inference, batchSize, workers);
    }
}
