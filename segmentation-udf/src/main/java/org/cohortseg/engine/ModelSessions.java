package org.cohortseg.engine;

import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.List;

/**
 * The open sessions of one model's parts on one device with one thread count, checked against
 * the spec. Held and closed by a {@link SessionRegistry}; engines only borrow them.
 *
 * @param spec the model
 * @param parts one session per part, in the spec's order
 */
public record ModelSessions(ModelSpec spec, List<PartSession> parts) implements AutoCloseable {

    public ModelSessions {
        parts = List.copyOf(parts);
    }

    /**
     * Opens every part of {@code spec} and checks its shapes.
     *
     * @throws ModelSpecException when a part does not fit the spec or cannot be loaded (nothing is left open)
     */
    static ModelSessions open(ModelSpec spec, Device device, EngineOptions.CudaFallback fallback, int threads)
            throws ModelSpecException {
        List<PartSession> parts = new ArrayList<>();
        try {
            for (ModelPart part : spec.parts()) {
                PartSession session = PartSession.open(part, device, fallback, threads);
                parts.add(session);
                session.checkFits(part, spec.patchXyz());
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
        open(spec, Device.CPU, EngineOptions.CudaFallback.FAIL, 1).close();
    }

    /** The device the first part runs on (after any CUDA fallback). */
    public Device device() {
        return parts.get(0).device();
    }

    @Override
    public void close() {
        for (PartSession p : parts) {
            try {
                p.close();
            } catch (OrtException e) {
                throw new IllegalStateException("cannot close a session of " + spec.id() + ": " + e.getMessage(), e);
            }
        }
    }
}
