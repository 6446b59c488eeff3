package org.cohortseg.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX Runtime session per (part file, device, threads) per JVM, created on first use and
 * shared by every thread and every scan afterwards: models load once per executor, not once per
 * scan or partition.
 */
public final class OnnxSessions {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxSessions.class);
    private static final Map<String, PartSession> SESSIONS = new ConcurrentHashMap<>();

    private OnnxSessions() {
    }

    /**
     * The session for {@code part} on the options' device.
     *
     * @throws ModelSpecException when the ONNX file does not fit the spec, cannot be loaded, or
     *     CUDA is unavailable and the policy is {@link EngineOptions.CudaFallback#FAIL}
     */
    public static PartSession get(ModelSpec spec, ModelPart part, EngineOptions options) throws ModelSpecException {
        String key = part.onnx().toAbsolutePath() + "|" + options.device() + "|" + options.inferenceThreads();
        PartSession session = SESSIONS.get(key);
        if (session == null) {
            synchronized (SESSIONS) {
                session = SESSIONS.get(key);
                if (session == null) {
                    session = open(part, options);
                    SESSIONS.put(key, session);
                }
            }
        }
        session.checkFits(part, spec.patchXyz());
        return session;
    }

    /** Number of sessions this JVM holds (for tests and metrics). */
    public static int count() {
        return SESSIONS.size();
    }

    private static PartSession open(ModelPart part, EngineOptions options) throws ModelSpecException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(options.inferenceThreads());
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // No CPU arena: an arena keeps each session's peak working memory for good, five times over
            // for five parts. No spinning: idle ONNX Runtime threads would spin on the cores that blend.
            o.setCPUArenaAllocator(false);
            o.addConfigEntry("session.intra_op.allow_spinning", "0");
            Device device = options.device();
            if (device.cuda()) {
                device = addCuda(o, device, options.cudaFallback(), part);
            }
            return new PartSession(env.createSession(part.onnx().toString(), o), device);
        } catch (OrtException e) {
            throw new ModelSpecException(part.onnx() + ": ONNX Runtime cannot load the part: " + e.getMessage(), e);
        }
    }

    private static Device addCuda(OrtSession.SessionOptions o, Device device, EngineOptions.CudaFallback policy,
                                  ModelPart part) throws ModelSpecException {
        try {
            o.addCUDA(device.ordinal());
            return device;
        } catch (OrtException | UnsatisfiedLinkError | IllegalArgumentException e) {
            String why = "CUDA device " + device.ordinal() + " is unavailable for " + part.onnx().getFileName() + " ("
                    + e.getMessage() + "); build with -Pgpu (onnxruntime_gpu) on a machine with CUDA";
            if (policy == EngineOptions.CudaFallback.FAIL) {
                throw new ModelSpecException(why + ", or allow the CPU fallback");
            }
            LOG.warn("{}: running on the CPU instead", why);
            return Device.CPU;
        }
    }
}
