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
 *
 * <p>{@link #run} is called under a {@link Lease}. With {@link SessionLifetime#JVM} the sessions
 * are opened at once and kept until {@link #close()}; with {@link SessionLifetime#PART} the first
 * lease opens them and the last one to end closes them again, so scans that run the part at the
 * same time share its sessions and none are held between parts.
 */
public final class PartNetwork implements AutoCloseable {
    private final ModelPart part;
    private final int[] patchXyz;
    private final Device requested;
    private final EngineOptions.CudaFallback fallback;
    private final int threads;
    private final SessionLifetime lifetime;
    /**
     * Each thread's logits of the second and later members (only ensembles allocate it), shared by
     * all networks: one per network would keep a logits buffer per part for good.
     */
    private static final ThreadLocal<WindowBuffers> MEMBER_BUFFERS = ThreadLocal.withInitial(WindowBuffers::new);
    private List<PartSession> members = List.of();
    private Device device;
    private int leases;

    private PartNetwork(ModelPart part, int[] patchXyz, Device device, EngineOptions.CudaFallback fallback, int threads,
                        SessionLifetime lifetime) {
        this.part = part;
        this.patchXyz = patchXyz.clone();
        this.requested = device;
        this.device = device;
        this.fallback = fallback;
        this.threads = threads;
        this.lifetime = lifetime;
    }

    /**
     * The network of {@code part}: every ONNX file is opened and checked against the spec now, so a
     * model that does not fit fails here, and with {@link SessionLifetime#PART} closed again until
     * the first lease.
     *
     * @throws ModelSpecException when a file cannot be loaded or does not fit (nothing is left open)
     */
    static PartNetwork open(ModelPart part, int[] patchXyz, Device device, EngineOptions.CudaFallback fallback,
                            int threads, SessionLifetime lifetime) throws ModelSpecException {
        PartNetwork network = new PartNetwork(part, patchXyz, device, fallback, threads, lifetime);
        network.load();
        if (lifetime == SessionLifetime.PART) {
            network.close();
        }
        return network;
    }

    /** Opens every ONNX file of the part and checks that each fits the spec (nothing is left open on failure). */
    private void load() throws ModelSpecException {
        List<PartSession> opened = new ArrayList<>();
        try {
            for (Path onnx : part.onnx()) {
                PartSession session = PartSession.open(onnx, requested, fallback, threads);
                opened.add(session);
                session.checkFits(part, patchXyz);
            }
        } catch (ModelSpecException | RuntimeException e) {
            close(opened);
            throw e;
        }
        members = List.copyOf(opened);
        device = members.get(0).device();
    }

    /** A period in which {@link #run} may be called; ending it may close the sessions. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes a lease, opening the sessions if they are closed.
     *
     * @throws ModelSpecException when a file cannot be loaded or does not fit
     */
    public synchronized Lease lease() throws ModelSpecException {
        if (members.isEmpty()) {
            load();
        }
        leases++;
        return this::endLease;
    }

    private synchronized void endLease() {
        if (--leases == 0 && lifetime == SessionLifetime.PART) {
            close(members);
            members = List.of();
        }
    }

    /** The device the first member runs on (after any CUDA fallback). */
    public synchronized Device device() {
        return device;
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
     * @throws IllegalStateException when no lease is held
     */
    public void run(FloatBuffer input, FloatBuffer output, int n, int[] patchXyz, int channels, StageTimings timings,
                    LogitsConsumer consumer) throws OrtException {
        List<PartSession> members = openMembers();
        FloatBuffer sum = members.get(0).infer(input, output, n, patchXyz, channels, timings);
        int values = sum.capacity();
        for (int m = 1; m < members.size(); m++) {
            FloatBuffer more = members.get(m).infer(input, MEMBER_BUFFERS.get().output(values), n, patchXyz, channels,
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

    private synchronized List<PartSession> openMembers() {
        if (members.isEmpty()) {
            throw new IllegalStateException("the network of part " + part.name() + " is run without a lease");
        }
        return members;
    }

    /**
     * Closes the sessions unless a lease is held: then a scan may be inside ONNX Runtime (the
     * registry closes everything when the JVM shuts down), and closing under it would crash the
     * process instead of letting it end.
     */
    @Override
    public synchronized void close() {
        if (leases > 0) {
            return;
        }
        close(members);
        members = List.of();
    }

    private static void close(List<PartSession> sessions) {
        for (PartSession member : sessions) {
            try {
                member.close();
            } catch (OrtException e) {
                throw new IllegalStateException("cannot close an ONNX Runtime session: " + e.getMessage(), e);
            }
        }
    }
}
