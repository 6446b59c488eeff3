package org.cohortseg.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The networks of one model's parts on one device with one thread count and session lifetime.
 * Held and closed by a {@link SessionRegistry}; engines only borrow them.
 *
 * @param spec the model
 * @param parts one network per part, in the spec's order
 */
public record ModelSessions(ModelSpec spec, List<PartNetwork> parts) implements AutoCloseable {

    public ModelSessions {
        parts = List.copyOf(parts);
    }

    /**
     * The networks of every part of {@code spec}, each opened and checked against the spec now
     * (and with {@link SessionLifetime#PART} closed until a scan leases it).
     *
     * @throws ModelSpecException when a part does not fit the spec or cannot be loaded (nothing is left open)
     */
    static ModelSessions open(ModelSpec spec, Device device, EngineOptions.CudaFallback fallback, int threads,
                              SessionLifetime lifetime) throws ModelSpecException {
        List<PartNetwork> parts = new ArrayList<>();
        try {
            for (ModelPart part : spec.parts()) {
                parts.add(PartNetwork.open(part, spec.patchXyz(), device, fallback, threads, lifetime));
            }
            return new ModelSessions(spec, parts);
        } catch (ModelSpecException | RuntimeException e) {
            new ModelSessions(spec, parts).close();
            throw e;
        }
    }

    /**
     * Checks on the driver that every ONNX file of {@code spec} loads and fits it (CPU, one thread;
     * the sessions are closed again).
     *
     * @throws ModelSpecException naming the part and the problem
     */
    public static void check(ModelSpec spec) throws ModelSpecException {
        open(spec, Device.CPU, EngineOptions.CudaFallback.FAIL, 1, SessionLifetime.JVM).close();
    }

    /** The device the first part runs on (after any CUDA fallback). */
    public Device device() {
        return parts.get(0).device();
    }

    @Override
    public void close() {
        parts.forEach(PartNetwork::close);
    }
}
