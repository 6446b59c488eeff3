package org.cohortseg.phantom;

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
import java.util.ArrayList;
import java.util.List;
import org.cohortseg.engine.EngineOptions;
import org.cohortseg.engine.ModelSpec;
import org.cohortseg.engine.ModelSpecLoader;
import org.cohortseg.engine.PartNetwork;
import org.cohortseg.engine.Segmentation;
import org.cohortseg.engine.SegmentationEngine;
import org.cohortseg.engine.SessionRegistry;
import org.cohortseg.engine.StageTimings;
import org.cohortseg.engine.WindowBuffers;
import org.cohortseg.io.CohortsegHome;
import org.cohortseg.measure.DiceScores;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.NiftiReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed phantom model: ONNX Runtime reproduces PyTorch (golden files written by
 * test-resources/models/phantom/export_onnx.py), the Java sliding window reproduces PyTorch's, and
 * the engine segments unseen phantoms of any spacing and orientation well on their own grid.
 */
class PhantomModelTest {
    private static final Path GOLDEN = CohortsegHome.resolve("test-resources/models/phantom/golden");
    private static JsonNode golden;
    private static ModelSpec spec;
    private static SegmentationEngine engine;

    @BeforeAll
    static void load() throws Exception {
        golden = new ObjectMapper().readTree(GOLDEN.resolve("golden.json").toFile());
        spec = ModelSpecLoader.load("phantom");
        engine = new SegmentationEngine(spec, EngineOptions.defaults().withThreads(2, 2));
    }

    private static FloatBuffer floats(String name) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(GOLDEN.resolve(name))).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    @Test
    void onnxRuntimeReproducesPyTorchOnAPatch() throws Exception {
        FloatBuffer in = floats(golden.get("input").asText());
        float[] input = new float[in.remaining()];
        in.get(input);
        FloatBuffer expectedSub = floats(golden.get("logits_sub4").asText());
        byte[] expectedArgmax = Files.readAllBytes(GOLDEN.resolve(golden.get("argmax").asText()));
        int p = spec.patchXyz()[0];
        int channels = spec.parts().get(0).channels();
        int sub = golden.get("subsample").asInt();
        // golden.json's check, ~1e-4 of the logits' range: float32 convolutions in two libraries differ in
        // summation order, and instance norms amplify that
        double range = Math.max(Math.abs(golden.get("logits_min").asDouble()), Math.abs(golden.get("logits_max").asDouble()));
        double tolerance = golden.get("abs_tolerance").asDouble() * Math.max(1, range);
        PartNetwork session = SessionRegistry.shared().open(spec, EngineOptions.defaults().withThreads(2, 2)).parts().get(0);
        int[] mismatches = {0};
        double[] worst = {0};
        FloatBuffer output = new WindowBuffers().output(channels * p * p * p);
        try (PartNetwork.Lease lease = session.lease()) {
            session.run(FloatBuffer.wrap(input), output, 1, spec.patchXyz(), channels, new StageTimings(), logits -> {
                int n = p / sub;
                int k = 0;
                for (int c = 0; c < channels; c++) {
                    for (int z = 0; z < n; z++) {
                        for (int y = 0; y < n; y++) {
                            for (int x = 0; x < n; x++, k++) {
                                float torch = expectedSub.get(k);
                                float onnx = logits.get(((c * p + z * sub) * p + y * sub) * p + x * sub);
                                worst[0] = Math.max(worst[0], Math.abs(torch - onnx));
                            }
                        }
                    }
                }
                int voxels = p * p * p;
                for (int v = 0; v < voxels; v++) {
                    int best = 0;
                    for (int c = 1; c < channels; c++) {
                        if (logits.get(c * voxels + v) > logits.get(best * voxels + v)) {
                            best = c;
                        }
                    }
                    mismatches[0] += best == expectedArgmax[v] ? 0 : 1;
                }
            });
        }
        assertTrue(worst[0] <= tolerance, "largest logit difference " + worst[0] + " > " + tolerance);
        assertTrue(mismatches[0] <= 0.0001 * p * p * p, mismatches[0] + " argmax differences in a 64^3 patch");
    }

    @Test
    void javaSlidingWindowReproducesPyTorchs() throws Exception {
        JsonNode c = golden.get("case");
        // the golden case is a scan of the population the model was trained on
        PhantomCohort cohort = new PhantomCohort(PhantomModel.paper(), c.get("seed").asLong(), new double[] {3, 3, 3},
                true);
        Segmentation seg = engine.segment(cohort.render(c.get("index").asInt()).ct());
        NiftiImage reference = new NiftiReader().read(GOLDEN.resolve(golden.get("reference_seg").asText()));
        assertEquals(reference.shape(), seg.labels().shape());
        long differ = 0;
        for (int i = 0; i < reference.shape().voxels(); i++) {
            differ += reference.voxels().getLong(i) == seg.labels().voxels().getLong(i) ? 0 : 1;
        }
        double agreement = 1 - differ / (double) reference.shape().voxels();
        assertTrue(agreement >= 0.9999, "identical voxels: " + agreement + " (" + differ + " differ)");
    }

    @Test
    void unseenPhantomsOfAnySpacingAndOrientationAreSegmentedOnTheirOwnGrid() throws Exception {
        PhantomCohort cohort = new PhantomCohort(PhantomModel.standard(), 303, null, false);
        List<String> seen = new ArrayList<>();
        double sum = 0;
        for (int i = 0; seen.size() < 6; i++) {
            Acquisition a = cohort.acquisition(i);
            if (a.spacing()[0] < 1.5 || cohort.scan(i).swap() != null) {
                continue; // 0.8 mm scans are 30 M voxels: the benchmark covers them, the test stays quick;
                          // a scan with swapped vertebra labels has a wrong ground truth on purpose
            }
            PhantomRenderer.RenderedScan scan = cohort.render(i);
            Segmentation seg = engine.segment(scan.ct());
            DiceScores d = DiceScores.of(seg.labels(), scan.labels(), spec.labelMap());
            seen.add(a.spacingText() + " " + a.orientation() + " " + a.storage() + ": " + d.mean());
            sum += d.mean();
        }
        double mean = sum / seen.size();
        assertTrue(mean >= 0.85, "mean Dice on the original grid " + mean + " for " + seen);
        assertTrue(seen.stream().map(s -> s.split(" ")[1]).distinct().count() >= 2, "several orientations: " + seen);
    }
}
