package org.cohortseg.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.cohortseg.io.CohortsegHome;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.NiftiReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * nnU-Net models exported by tools/nnunet_to_onnx.py against nnU-Net itself
 * (test-resources/golden/nnunet: made by make_fixtures.py with nnU-Net's own predictor, see
 * RECIPE.md). Small networks with seeded random weights in several architectures and both plans
 * formats: the exported ONNX reproduces PyTorch's logits on a patch, and the engine's label maps
 * reproduce the TotalSegmentator-style pipeline (canonical RAS, change_spacing, nnUNetPredictor
 * without mirroring, labels back by nearest neighbour) on non-canonical synthetic CTs and on the
 * real CT of ../shared/data.
 */
class NnunetParityTest {
    private static final Path GOLDEN = CohortsegHome.root().resolve("test-resources/golden/nnunet");
    /** The bar: at least 99.9 % of voxels identical. */
    private static final double MIN_IDENTICAL = 0.999;
    /** ONNX Runtime and PyTorch sum convolutions in different orders: 1e-4 of the logits' range. */
    private static final double LOGITS_TOLERANCE = 1e-4;

    private static JsonNode expected() throws IOException {
        return new ObjectMapper().readTree(GOLDEN.resolve("expected.json").toFile());
    }

    private static Stream<JsonNode> each(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    @TestFactory
    Stream<DynamicTest> exportedNetworksReproducePyTorchLogits() throws IOException {
        return each(expected().get("logits")).map(c -> DynamicTest.dynamicTest(c.get("onnx").asText(), () -> {
            List<Integer> in = ints(c.get("input_shape"));
            List<Integer> out = ints(c.get("logits_shape"));
            int[] patchXyz = {in.get(4), in.get(3), in.get(2)};
            int channels = out.get(1);
            float[] torch = floats(c.get("logits").asText());
            FloatBuffer input = ByteBuffer.allocateDirect(Math.multiplyExact(in.get(2) * in.get(3) * in.get(4), 4))
                    .order(ByteOrder.nativeOrder()).asFloatBuffer().put(floats(c.get("input").asText()));
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float v : torch) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            try (PartSession session = PartSession.open(GOLDEN.resolve(c.get("onnx").asText()), Device.CPU,
                    EngineOptions.CudaFallback.FAIL, 1)) {
                FloatBuffer logits = session.infer(input, new WindowBuffers().output(torch.length), 1, patchXyz, channels,
                        new StageTimings());
                double worst = 0;
                for (int i = 0; i < torch.length; i++) {
                    worst = Math.max(worst, Math.abs(logits.get(i) - torch[i]));
                }
                assertTrue(max > min, "PyTorch's logits are not constant");
                assertTrue(worst <= LOGITS_TOLERANCE * (max - min),
                        "max |ONNX - PyTorch| " + worst + " over a logit range of " + (max - min));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> engineReproducesNnunetOnSyntheticCts() throws IOException {
        JsonNode specs = specsByModel();
        return each(expected().get("cases")).map(c -> DynamicTest.dynamicTest(
                c.get("case").asText() + " / " + c.get("model").asText(), () ->
                        assertSameLabels(specs.get(c.get("model").asText()).asText(), GOLDEN.resolve(c.get("ct").asText()),
                                c.get("reference").asText(), c.get("label_counts"))));
    }

    @TestFactory
    Stream<DynamicTest> engineReproducesNnunetOnTheRealCt() throws IOException {
        JsonNode real = expected().get("real_ct");
        JsonNode specs = specsByModel();
        Path ct = CohortsegHome.root().resolve("../shared/data").resolve(real.get("file").asText()).normalize();
        return each(real.get("references")).map(r -> DynamicTest.dynamicTest(r.get("model").asText(), () -> {
            Assumptions.assumeTrue(Files.exists(ct), ct + " is absent (../shared/data not mounted): skipping");
            assertEquals(real.get("sha256").asText(), sha256(ct), "not the CT the references were made from");
            assertSameLabels(specs.get(r.get("model").asText()).asText(), ct, r.get("reference").asText(),
                    r.get("label_counts"));
        }));
    }

    private static JsonNode specsByModel() throws IOException {
        ObjectMapper m = new ObjectMapper();
        var byName = m.createObjectNode();
        each(expected().get("models")).forEach(model -> byName.put(model.get("name").asText(),
                GOLDEN.resolve(model.get("spec").asText()).toString()));
        return byName;
    }

    private static void assertSameLabels(String spec, Path ctFile, String reference, JsonNode counts) throws Exception {
        NiftiReader reader = new NiftiReader();
        NiftiImage ct = reader.read(ctFile);
        NiftiImage truth = reader.read(GOLDEN.resolve(reference));
        assertTrue(counts.size() >= 3, "the reference should hold background and at least two classes: " + counts);
        Segmentation seg = new SegmentationEngine(ModelSpecLoader.load(spec),
                EngineOptions.defaults().withThreads(2, 2).withMinBodyMl(0)).segment(ct);
        assertEquals(truth.shape(), seg.labels().shape());
        int voxels = truth.shape().voxels();
        long same = 0;
        for (int i = 0; i < voxels; i++) {
            same += seg.labels().voxels().getLong(i) == truth.voxels().getLong(i) ? 1 : 0;
        }
        double identical = (double) same / voxels;
        assertTrue(identical >= MIN_IDENTICAL, String.format("%.5f of %d voxels identical to nnU-Net's (%d differ)",
                identical, voxels, voxels - same));
    }

    private static List<Integer> ints(JsonNode array) {
        return each(array).map(JsonNode::asInt).toList();
    }

    private static float[] floats(String file) throws IOException {
        FloatBuffer b = ByteBuffer.wrap(Files.readAllBytes(GOLDEN.resolve(file))).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
        float[] values = new float[b.remaining()];
        b.get(values);
        return values;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
