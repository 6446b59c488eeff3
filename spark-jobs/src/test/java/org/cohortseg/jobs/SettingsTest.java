package org.cohortseg.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.cohortseg.engine.Device;
import org.cohortseg.engine.EngineOptions;
import org.cohortseg.nifti.ReadLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Run and engine settings: their defaults, named setters and checks, without Spark. */
class SettingsTest {

    @Test
    void aRunHasTheDocumentedDefaultsAndNamedSetters() {
        RunSettings run = RunSettings.of("m.csv", "out");
        assertEquals(new RunSettings("m.csv", ManifestFormat.AUTO, "out", false, false, 0, 0, false, 1), run);
        assertEquals(new RunSettings("m.csv", ManifestFormat.PARQUET, "out", true, true, 4, 32, true, 3),
                run.withManifestFormat(ManifestFormat.PARQUET).withResume(true).withMasks(true).withPartitions(4)
                        .withCommitEvery(32).withFailOnError(true).withPrefetch(3));
    }

    @Test
    void anEngineHasTheDocumentedDefaultsAndEachTaskUsesItsThreadsForEveryStage() {
        EngineSettings engine = EngineSettings.of("phantom");
        assertEquals(new EngineSettings("phantom", Device.CPU, EngineOptions.CudaFallback.FAIL, 1, 2, ReadLimits.DEFAULT, java.util.List.of()),
                engine);
        EngineSettings gpu = engine.withDevice(Device.parse("cuda:1")).withCudaFallback(EngineOptions.CudaFallback.CPU)
                .withThreadsPerTask(3).withBatchSize(4).withLimits(ReadLimits.DEFAULT.withMaxVoxels(1000));
        EngineOptions options = gpu.options(new Device(true, 2));
        assertEquals(new Device(true, 2), options.device(), "the task's own GPU");
        assertEquals(EngineOptions.CudaFallback.CPU, options.cudaFallback());
        assertEquals(3, options.inferenceThreads());
        assertEquals(3, options.workerThreads(), "resampling, blending and measuring use the task's threads too");
        assertEquals(4, options.batchSize());
        assertEquals(1000, gpu.limits().maxVoxels());
    }

    @Test
    void impossibleValuesAndCredentialsAreRefusedWhenBuilt() {
        RunSettings run = RunSettings.of("m.csv", "out");
        assertThrows(IllegalArgumentException.class, () -> run.withPrefetch(0));
        assertThrows(IllegalArgumentException.class, () -> run.withPartitions(-1));
        assertThrows(IllegalArgumentException.class, () -> run.withCommitEvery(-1));
        assertThrows(IllegalArgumentException.class, () -> EngineSettings.of("phantom").withThreadsPerTask(0));
        assertThrows(IllegalArgumentException.class, () -> EngineSettings.of("phantom").withBatchSize(0));
        String secret = "s3a://AKIA:secret@bucket/x";
        Map<String, Executable> locations = Map.of("--manifest", () -> RunSettings.of(secret, "out"),
                "--out", () -> RunSettings.of("m.csv", secret), "--model", () -> EngineSettings.of(secret));
        locations.forEach((option, build) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
            assertTrue(e.getMessage().startsWith(option + " s3a://***@bucket/x holds credentials"), e.getMessage());
            assertTrue(!e.getMessage().contains("secret@"), e.getMessage());
        });
    }
}
