package org.cohortseg.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.cohortseg.engine.ModelSpec;
import org.cohortseg.engine.ModelSpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the driver broadcasts: the spec with every ONNX file, ensembles and structure subsets included. */
class ModelBundleTest {

    @Test
    void aSubsetTravelsInTheSpecAndIsAModelOfItsOwn() throws Exception {
        ModelBundle full = ModelBundle.read("phantom", new Configuration());
        ModelBundle subset = full.forStructures(List.of("liver", "aorta"));
        ModelSpec spec = subset.load();
        assertEquals(Set.of("liver", "aorta"), Set.copyOf(spec.labelMap().names().values()));
        assertEquals(full.sha256(), subset.sha256(), "the same networks");
        assertNotEquals(full.identity(), subset.identity(), "but other sessions: the label maps differ");
        assertSame(full, full.forStructures(List.of()));
    }

    @Test
    void everyMemberOfAnEnsembleTravels(@TempDir Path tmp) throws Exception {
        Path phantom = ModelSpecLoader.resolve("phantom").toAbsolutePath();
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(phantom.toFile());
        ObjectNode part = (ObjectNode) root.get("parts").get(0);
        String onnx = phantom.getParent().resolve(part.get("onnx").asText()).normalize().toString();
        part.putArray("onnx").add(onnx).add(onnx);
        Path spec = tmp.resolve("ensemble.json");
        json.writeValue(spec.toFile(), root);
        ModelSpec loaded = ModelBundle.read(spec.toString(), new Configuration()).load();
        assertEquals(2, loaded.parts().get(0).onnx().size());
        assertEquals(Files.size(Path.of(onnx)), Files.size(loaded.parts().get(0).onnx().get(1)));
    }
}
