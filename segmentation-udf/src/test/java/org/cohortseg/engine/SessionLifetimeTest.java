package org.cohortseg.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A part's sessions are open exactly while leases are held with {@link SessionLifetime#PART}
 * (shared by leases that overlap), all the time with {@link SessionLifetime#JVM}, and a model that
 * does not fit its spec fails when the registry makes it, whatever the lifetime.
 */
class SessionLifetimeTest {
    private static final int[] PATCH = {16, 16, 16};
    private static final String[] NAMES = {"spleen", "kidney_right", "kidney_left", "gallbladder"};

    private static ModelSpec spec(Path dir, String onnx, String[] names) throws Exception {
        return ModelSpecLoader.load(BandModelEngineTest.spec(dir, onnx, PATCH, 2, names).toString());
    }

    private static EngineOptions options(SessionLifetime lifetime) {
        return EngineOptions.defaults().withThreads(1, 1).withSessionLifetime(lifetime);
    }

    /** One window through the network: fails unless its sessions are open. */
    private static void runOneWindow(PartNetwork network, int channels) throws Exception {
        int voxels = PATCH[0] * PATCH[1] * PATCH[2];
        FloatBuffer output = ByteBuffer.allocateDirect(channels * voxels * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        int[] seen = {0};
        network.run(FloatBuffer.allocate(voxels), output, 1, PATCH, channels, new StageTimings(),
                logits -> seen[0] = logits.capacity());
        assertEquals(channels * voxels, seen[0]);
    }

    @Test
    void partSessionsAreOpenOnlyUnderALease(@TempDir Path tmp) throws Exception {
        ModelSpec spec = spec(tmp, "bands_p16.onnx", NAMES);
        int channels = spec.parts().get(0).channels();
        try (SessionRegistry registry = new SessionRegistry()) {
            PartNetwork network = registry.open(spec, options(SessionLifetime.PART)).parts().get(0);
            IllegalStateException closed = assertThrows(IllegalStateException.class, () -> runOneWindow(network, channels));
            assertTrue(closed.getMessage().contains("without a lease"), closed.getMessage());
            try (PartNetwork.Lease first = network.lease()) {
                try (PartNetwork.Lease second = network.lease()) {
                    runOneWindow(network, channels);
                }
                runOneWindow(network, channels); // the first lease still holds the sessions open
            }
            assertThrows(IllegalStateException.class, () -> runOneWindow(network, channels));
            try (PartNetwork.Lease again = network.lease()) {
                runOneWindow(network, channels); // reopened
            }
        }
    }

    @Test
    void jvmSessionsStayOpen(@TempDir Path tmp) throws Exception {
        ModelSpec spec = spec(tmp, "bands_p16.onnx", NAMES);
        int channels = spec.parts().get(0).channels();
        try (SessionRegistry registry = new SessionRegistry()) {
            PartNetwork network = registry.open(spec, options(SessionLifetime.JVM)).parts().get(0);
            try (PartNetwork.Lease lease = network.lease()) {
                runOneWindow(network, channels);
            }
            runOneWindow(network, channels);
        }
    }

    @Test
    void aModelThatDoesNotFitFailsWhenMadeWhateverTheLifetime(@TempDir Path tmp) throws Exception {
        ModelSpec wrongChannels = spec(tmp, "bands_p16.onnx", new String[] {"spleen", "liver"});
        for (SessionLifetime lifetime : SessionLifetime.values()) {
            try (SessionRegistry registry = new SessionRegistry()) {
                ModelSpecException e = assertThrows(ModelSpecException.class,
                        () -> registry.open(wrongChannels, options(lifetime)));
                assertTrue(e.getMessage().contains("output shape"), lifetime + ": " + e.getMessage());
            }
        }
    }

    @Test
    void cpuScansHoldOnePartAtATimeAndGpuScansKeepTheirs() {
        assertEquals(SessionLifetime.PART, EngineOptions.defaults().sessionLifetime());
        assertEquals(SessionLifetime.JVM, EngineOptions.defaults().withDevice(new Device(true, 0)).sessionLifetime());
        assertEquals(SessionLifetime.PART, SessionLifetime.forDevice(Device.CPU));
    }
}
