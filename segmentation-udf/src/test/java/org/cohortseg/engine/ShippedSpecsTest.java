package org.cohortseg.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.cohortseg.io.CohortsegHome;
import org.cohortseg.labels.LabelMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The TotalSegmentator specs in conf/models: their parts cover the label map exactly, and they
 * load once a user's export has filled in the ONNX files and normalisation values.
 */
class ShippedSpecsTest {

    @ParameterizedTest
    @CsvSource({"total_v1, total_v1, 5, 1.5, 0.5", "total_v1_fast, total_v1, 1, 3.0, 0.5",
        "total_v2, total_v2, 5, 1.5, 0.8", "total_v2_fast, total_v2, 1, 3.0, 0.8", "total_v2_fastest, total_v2, 1, 6.0, 0.8"})
    void partsCoverTheLabelMapAndLoadOnceExported(String name, String labelmap, int parts, double spacing, double step,
                                                 @TempDir Path tmp) throws Exception {
        Path shipped = CohortsegHome.resolve("conf/models/" + name + ".json");
        ModelSpecException notExported = assertThrows(ModelSpecException.class, () -> ModelSpecLoader.load(name));
        assertTrue(notExported.getMessage().contains("tools/nnunet_to_onnx.py"), notExported.getMessage());

        ObjectMapper m = new ObjectMapper();
        ObjectNode root = (ObjectNode) m.readTree(shipped.toFile());
        for (var part : root.get("parts")) {
            Path onnx = tmp.resolve(part.get("onnx").asText());
            Files.createDirectories(onnx.getParent());
            Files.createFile(onnx);
            ((ObjectNode) part).putObject("normalization").put("clip_low", -1000).put("clip_high", 1500)
                    .put("mean", 100).put("std", 200);
        }
        Path filled = tmp.resolve(name + ".json");
        m.writeValue(filled.toFile(), root);
        ModelSpec spec = ModelSpecLoader.load(filled.toString());

        assertEquals(parts, spec.parts().size());
        assertEquals(spacing, spec.spacing()[0]);
        assertEquals(step, spec.step());
        LabelMap expected = LabelMap.load(labelmap);
        assertEquals(expected.names(), spec.labelMap().names());
        Set<String> covered = new HashSet<>();
        int total = 0;
        for (ModelPart p : spec.parts()) {
            covered.addAll(p.labels().values());
            total += p.labels().size();
        }
        assertEquals(new HashSet<>(expected.names().values()), covered, "every class comes from one part");
        assertEquals(expected.size(), total, "no class in two parts");
    }
}
