package org.cohortseg.engine;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ONNX Runtime sessions of a JVM: one {@link ModelSessions} per (model identity, device,
 * threads, session lifetime), made on first use and shared by every engine, task and scan
 * afterwards, so a model loads at most once per executor and part at a time, never once per
 * partition. {@link #shared()} is closed when the JVM
 * shuts down (an executor's end).
 */
public final class SessionRegistry implements AutoCloseable {
    private static final SessionRegistry SHARED = new SessionRegistry();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SHARED::close, "cohortseg-sessions-close"));
    }

    private final Map<Key, ModelSessions> models = new ConcurrentHashMap<>();

    /** A registry of its own (tests; production code uses {@link #shared()}). */
    SessionRegistry() {
    }

    /**
     * What makes sessions interchangeable.
     *
     * @param model the model's identity: a fingerprint of its spec and ONNX files ({@link ModelFingerprint#identity})
     * @param device the device asked for
     * @param threads intra-op threads per session
     * @param lifetime how long the parts' sessions stay open
     */
    public record Key(String model, Device device, int threads, SessionLifetime lifetime) {
    }

    /** Loads a model's spec (and its ONNX files) when its sessions are first opened. */
    @FunctionalInterface
    public interface SpecSource {
        ModelSpec load() throws IOException;
    }

    /** The registry of this JVM. */
    public static SessionRegistry shared() {
        return SHARED;
    }

    /**
     * The sessions of a local spec with these options (fingerprinting it and its ONNX files first).
     *
     * @throws ModelSpecException when a part does not fit the spec, cannot be loaded or read, or
     *     CUDA is unavailable and the policy is {@link EngineOptions.CudaFallback#FAIL}
     */
    public ModelSessions open(ModelSpec spec, EngineOptions options) throws ModelSpecException {
        String identity;
        try {
            identity = ModelFingerprint.identity(spec);
        } catch (IOException e) {
            throw new ModelSpecException(spec.id() + ": cannot read the ONNX files: " + e.getMessage(), e);
        }
        return open(identity, () -> spec, options);
    }

    /**
     * The sessions of the model with identity {@code identity} (any fingerprint of its spec and ONNX
     * files); {@code source} is asked for the spec only when they are not open yet.
     *
     * @throws ModelSpecException as {@link #open(ModelSpec, EngineOptions)}
     */
    public ModelSessions open(String identity, SpecSource source, EngineOptions options) throws ModelSpecException {
        Key key = new Key(identity, options.device(), options.inferenceThreads(), options.sessionLifetime());
        try {
            return models.computeIfAbsent(key, k -> {
                try {
                    return ModelSessions.open(source.load(), k.device(), options.cudaFallback(), k.threads(),
                            k.lifetime());
                } catch (IOException e) { // ModelSpecException included
                    throw new LoadFailure(e);
                }
            });
        } catch (LoadFailure f) {
            throw f.getCause() instanceof ModelSpecException m ? m
                    : new ModelSpecException(identity + ": cannot load the model: " + f.getCause().getMessage(), f.getCause());
        }
    }

    /** Number of open models (for tests and metrics). */
    public int size() {
        return models.size();
    }

    /** Closes every session; the registry can open them again afterwards. */
    @Override
    public void close() {
        for (Key key : models.keySet()) {
            ModelSessions m = models.remove(key);
            if (m != null) {
                m.close();
            }
        }
    }

    /** Carries a checked failure out of {@code computeIfAbsent}. */
    private static final class LoadFailure extends RuntimeException {
        LoadFailure(Exception cause) {
            super(cause);
        }
    }
}
