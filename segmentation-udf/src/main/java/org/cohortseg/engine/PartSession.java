package org.cohortseg.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ONNX Runtime session for one network, with its input and output shapes read once.
 * {@link #infer} is thread-safe (ONNX Runtime sessions are), so one session serves every thread.
 * Sessions are opened through a {@link SessionRegistry}, which shares and closes them.
 */
public final class PartSession implements AutoCloseable {
    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    private final long[] inputShape;
    private final long[] outputShape;
    private final Device device;
    private final Path file;

    private static final Logger LOG = LoggerFactory.getLogger(PartSession.class);

    private PartSession(OrtSession session, Device device, Path file) throws OrtException {
        this.session = session;
        this.device = device;
        this.file = file;
        if (session.getInputInfo().size() != 1 || session.getOutputInfo().size() != 1) {
            throw new OrtException("expected one input and one output, found inputs " + session.getInputNames()
                    + " and outputs " + session.getOutputNames());
        }
        Map.Entry<String, NodeInfo> in = session.getInputInfo().entrySet().iterator().next();
        Map.Entry<String, NodeInfo> out = session.getOutputInfo().entrySet().iterator().next();
        inputName = in.getKey();
        outputName = out.getKey();
        inputShape = shape(in.getValue());
        outputShape = shape(out.getValue());
    }

    /**
     * Opens the network in {@code onnx} with {@code threads} intra-op threads on {@code device}.
     *
     * @throws ModelSpecException when ONNX Runtime cannot load the file, or CUDA is unavailable and
     *     the policy is {@link EngineOptions.CudaFallback#FAIL}
     */
    static PartSession open(Path onnx, Device device, EngineOptions.CudaFallback fallback, int threads)
            throws ModelSpecException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = engineOptions(threads)) {
            Device used = device.cuda() ? addCuda(o, device, fallback, onnx) : device;
            return new PartSession(env.createSession(onnx.toString(), o), used, onnx);
        } catch (OrtException e) {
            throw new ModelSpecException(onnx + ": ONNX Runtime cannot load the network: " + e.getMessage(), e);
        }
    }

    /**
     * The session settings of the engine on the CPU: all graph optimisations, {@code threads}
     * intra-op threads, no CPU arena (an arena keeps each session's peak working memory for good,
     * five times over for five parts), no memory pattern (its planned blocks raise a full-size
     * window's peak by about 0.15 GB for about 4 % of speed) and no spinning (idle ONNX Runtime
     * threads would spin on the cores that blend).
     *
     * @throws OrtException when ONNX Runtime refuses a setting
     */
    public static OrtSession.SessionOptions engineOptions(int threads) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(threads);
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        o.setCPUArenaAllocator(false);
        o.setMemoryPatternOptimization(false);
        o.addConfigEntry("session.intra_op.allow_spinning", "0");
        return o;
    }

    private static Device addCuda(OrtSession.SessionOptions o, Device device, EngineOptions.CudaFallback policy,
                                  Path onnx) throws ModelSpecException {
        try {
            o.addCUDA(device.ordinal());
            return device;
        } catch (OrtException | UnsatisfiedLinkError | IllegalArgumentException e) {
            String why = "CUDA device " + device.ordinal() + " is unavailable for " + onnx.getFileName() + " ("
                    + e.getMessage() + "); build with -Pgpu (onnxruntime_gpu) on a machine with CUDA";
            if (policy == EngineOptions.CudaFallback.FAIL) {
                throw new ModelSpecException(why + ", or allow the CPU fallback");
            }
            LOG.warn("{}: running on the CPU instead", why);
            return Device.CPU;
        }
    }

    private static long[] shape(NodeInfo info) throws OrtException {
        if (!(info.getInfo() instanceof TensorInfo t)) {
            throw new OrtException(info.getName() + " is not a tensor");
        }
        return t.getShape();
    }

    /**
     * Checks that the network fits a part of a spec: input [N, 1, z, y, x] of the patch and output
     * [N, C, z, y, x] with the part's channel count (dynamic axes match anything).
     *
     * @throws ModelSpecException naming the ONNX file and both shapes
     */
    public void checkFits(ModelPart part, int[] patchXyz) throws ModelSpecException {
        long[] zyx = {patchXyz[2], patchXyz[1], patchXyz[0]};
        check("input", inputShape, new long[] {-1, 1, zyx[0], zyx[1], zyx[2]});
        check("output", outputShape, new long[] {-1, part.channels(), zyx[0], zyx[1], zyx[2]});
    }

    /** Dimensions of -1 (dynamic) in the model match anything; -1 in {@code expected} accepts any size. */
    private void check(String what, long[] actual, long[] expected) throws ModelSpecException {
        boolean ok = actual.length == expected.length;
        for (int i = 0; ok && i < actual.length; i++) {
            ok = actual[i] < 0 || expected[i] < 0 || actual[i] == expected[i];
        }
        if (!ok) {
            throw new ModelSpecException(file + ": " + what + " shape " + Arrays.toString(actual)
                    + " does not fit the spec, expected " + Arrays.toString(expected) + " (-1 = any)");
        }
    }

    /** The device the session runs on. */
    public Device device() {
        return device;
    }

    /**
     * Runs {@code n} patches ([n, 1, z, y, x] at the start of {@code input}) and has ONNX Runtime
     * write the logits [n, C, z, y, x] into {@code output}; the network's time is recorded as
     * {@code infer}.
     *
     * @param input the patches, ideally a direct buffer (a heap buffer is copied once)
     * @param output a direct buffer of at least {@code n * channels * patch voxels} values
     * @return a view of the logits in {@code output}, positioned at 0
     * @throws OrtException when ONNX Runtime fails
     * @throws IllegalArgumentException when {@code output} is not direct or too small
     */
    public FloatBuffer infer(FloatBuffer input, FloatBuffer output, int n, int[] patchXyz, int channels,
                             StageTimings timings) throws OrtException {
        int voxels = patchXyz[0] * patchXyz[1] * patchXyz[2];
        int values = Math.multiplyExact(Math.multiplyExact(n, channels), voxels);
        if (!output.isDirect() || output.capacity() < values) {
            throw new IllegalArgumentException("the output must be a direct buffer of at least " + values + " floats");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        FloatBuffer logits = output.slice(0, values);
        try (OnnxTensor in = OnnxTensor.createTensor(env, input.slice(0, n * voxels),
                     new long[] {n, 1, patchXyz[2], patchXyz[1], patchXyz[0]});
             OnnxTensor out = OnnxTensor.createTensor(env, logits,
                     new long[] {n, channels, patchXyz[2], patchXyz[1], patchXyz[0]})) {
            timings.time(Stage.INFER, () -> {
                session.run(Map.of(inputName, in), Map.of(outputName, out)).close(); // closes nothing we own
                return null;
            });
        }
        return logits;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
