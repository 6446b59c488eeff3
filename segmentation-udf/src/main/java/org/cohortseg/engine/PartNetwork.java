package org.cohortseg.engine;

import ai.onnxruntime.OrtException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The network of one part: one session, or an ensemble of sessions (nnU-Net's folds) whose
 * logits are averaged window by window. nnU-Net averages the folds' blended logits; blending is
 * linear in the logits, so averaging each window first gives the same result while the slab is
 * filled once. Thread-safe, as its sessions are.
 */
public final class PartNetwork implements AutoCloseable {
    private final List<PartSession> members;
    /** Each thread's logits of the second and later members (only ensembles allocate it). */
    private final ThreadLocal<WindowBuffers> memberBuffers = ThreadLocal.withInitial(WindowBuffers::new);

    private PartNetwork(List<PartSession> members) {
        this.members = List.copyOf(members);
    }

    /**
     * Opens every ONNX file of {@code part} and checks that each fits the spec.
     *
     * @throws ModelSpecException when a file cannot be loaded or does not fit (nothing is left open)
     */
    static PartNetwork open(ModelPart part, int[] patchXyz, Device device, EngineOptions.CudaFallback fallback,
                            int threads) throws ModelSpecException {
        List<PartSession> opened = new ArrayList<>();
        try {
            for (Path onnx : part.onnx()) {
                PartSession session = PartSession.open(onnx, device, fallback, threads);
                opened.add(session);
                session.checkFits(part, patchXyz);
            }
            return new PartNetwork(opened);
        } catch (ModelSpecException | RuntimeException e) {
            new PartNetwork(opened).close();
            throw e;
        }
    }

    /** The device the first member runs on (after any CUDA fallback). */
    public Device device() {
        return members.get(0).device();
    }

    /** Receives a batch's logits (a view of the output buffer given to {@link #run}, positioned at 0). */
    @FunctionalInterface
    public interface LogitsConsumer {
        void accept(FloatBuffer logits);
    }

    /**
     * Runs {@code n} patches through every member, has the (mean) logits [n, C, z, y, x] written
     * into {@code output} and hands them to {@code consumer}; the networks' time is recorded as
     * {@code infer}, averaging and the consumer's time as {@code blend}.
     *
     * @param input the patches, [n, 1, z, y, x] from its start
     * @param output a direct buffer of at least {@code n * channels * patch voxels} values
     * @throws OrtException when ONNX Runtime fails
     */
    public void run(FloatBuffer input, FloatBuffer output, int n, int[] patchXyz, int channels, StageTimings timings,
                    LogitsConsumer consumer) throws OrtException {
        FloatBuffer sum = members.get(0).infer(input, output, n, patchXyz, channels, timings);
        int values = sum.capacity();
        for (int m = 1; m < members.size(); m++) {
            FloatBuffer more = members.get(m).infer(input, memberBuffers.get().output(values), n, patchXyz, channels,
                    timings);
            timings.time(Stage.BLEND, () -> {
                for (int i = 0; i < values; i++) {
                    sum.put(i, sum.get(i) + more.get(i));
                }
                return null;
            });
        }
        timings.time(Stage.BLEND, () -> {
            if (members.size() > 1) {
                float k = members.size();
                for (int i = 0; i < values; i++) {
                    sum.put(i, sum.get(i) / k);
                }
            }
            consumer.accept(sum);
            return null;
        });
    }

    @Override
    public void close() {
        for (PartSession member : members) {
            try {
                member.close();
            } catch (OrtException e) {
                throw new IllegalStateException("cannot close an ONNX Runtime session: " + e.getMessage(), e);
            }
        }
    }
}
