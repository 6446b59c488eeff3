package org.cohortseg.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.cohortseg.engine.Device;
import org.cohortseg.engine.ModelSpec;
import org.cohortseg.engine.PartSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cohortseg bench window}: seconds per window of one network under ONNX Runtime session
 * settings, each in a fresh session: the engine's own (all graph optimisations, no CPU arena, no
 * memory pattern, no spinning) and the alternatives ONNX Runtime offers, so benchmarks/issue12_networks.sh can set
 * them beside PyTorch on the same windows.
 */
@Command(name = "window", description = "Seconds per window of a model's first part under ONNX Runtime settings.")
final class WindowBench implements Callable<Integer> {
    private static final List<String> KNOWN =
            List.of("engine", "extended", "basic", "no_opt", "arena", "spinning", "mem_pattern");
    @Mixin ModelMixin model;
    @Option(names = "--threads", defaultValue = "2") int threads;
    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda[:N] (fails without CUDA)") String device;
    @Option(names = "--windows", defaultValue = "3", description = "timed windows per setting (after one warm-up)")
    int windows;
    @Option(names = "--settings", split = ",", defaultValue = "engine,extended,basic,no_opt,arena,spinning,mem_pattern",
            description = "settings to time: ${DEFAULT-VALUE}") List<String> settings;

    @Override
    public Integer call() throws Exception {
        ModelSpec spec = model.load();
        int[] p = spec.patchXyz();
        int voxels = p[0] * p[1] * p[2];
        FloatBuffer input = ByteBuffer.allocateDirect(voxels * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < voxels; i++) {
            input.put(i, (float) random.nextGaussian());
        }
        Path onnx = spec.parts().get(0).onnx().get(0);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        for (String setting : settings) {
            try (OrtSession.SessionOptions o = options(setting);
                 OrtSession session = env.createSession(onnx.toString(), o);
                 OnnxTensor in = OnnxTensor.createTensor(env, input, new long[] {1, 1, p[2], p[1], p[0]})) {
                String name = session.getInputNames().iterator().next();
                session.run(Map.of(name, in)).close();
                long t0 = System.nanoTime();
                for (int w = 0; w < windows; w++) {
                    session.run(Map.of(name, in)).close();
                }
                System.out.printf(Locale.ROOT, "window %s %.3f%n", setting, (System.nanoTime() - t0) / 1e9 / windows);
            }
        }
        return 0;
    }

    /** The engine's settings (as PartSession opens a part) with one of them changed. */
    private OrtSession.SessionOptions options(String setting) throws Exception {
        if (!KNOWN.contains(setting)) {
            throw new IllegalArgumentException("unknown setting " + setting + ", known: " + KNOWN);
        }
        OrtSession.SessionOptions o = PartSession.engineOptions(threads);
        switch (setting) {
            case "extended" -> o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
            case "basic" -> o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
            case "no_opt" -> o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            case "arena" -> o.setCPUArenaAllocator(true);
            case "spinning" -> o.addConfigEntry("session.intra_op.allow_spinning", "1");
            case "mem_pattern" -> o.setMemoryPatternOptimization(true);
            default -> { } // "engine": as it is
        }
        Device d = Device.parse(device);
        if (d.cuda()) {
            o.addCUDA(d.ordinal());
        }
        return o;
    }
}
