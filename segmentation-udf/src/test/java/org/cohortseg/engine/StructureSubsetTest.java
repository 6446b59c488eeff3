package org.cohortseg.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cohortseg.geometry.Shape;
import org.cohortseg.nifti.NiftiImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model restricted to some structures (TotalSegmentator's --roi_subset) on two parts of the
 * analytic band model: part "first" names bands 1-4 spleen..gallbladder, part "second" (the same
 * network, merged later) names them liver..aorta, so the label of every voxel is known.
 */
class StructureSubsetTest {
    private static final String[] FIRST = {"spleen", "kidney_right", "kidney_left", "gallbladder"};
    private static final String[] SECOND = {"liver", "stomach", "pancreas", "aorta"};

    @TempDir
    Path tmp;

    private ModelSpec twoParts() throws Exception {
        Path file = BandModelEngineTest.spec(tmp, "bands_p16.onnx", new int[] {16, 16, 16}, 2, FIRST);
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = (ObjectNode) m.readTree(file.toFile());
        ObjectNode first = (ObjectNode) root.get("parts").get(0);
        first.put("name", "first");
        ObjectNode second = first.deepCopy();
        second.put("name", "second");
        ObjectNode labels = second.putObject("labels");
        ObjectNode labelmap = (ObjectNode) root.get("labelmap");
        for (int i = 0; i < SECOND.length; i++) {
            labels.put(Integer.toString(i + 1), SECOND[i]);
            labelmap.put(Integer.toString(FIRST.length + i + 1), SECOND[i]);
        }
        root.withArray("parts").add(second);
        m.writeValue(file.toFile(), root);
        return ModelSpecLoader.load(file.toString());
    }

    private static NiftiImage segment(ModelSpec spec, NiftiImage ct) throws Exception {
        return new SegmentationEngine(spec, EngineOptions.defaults().withThreads(1, 2).withMinBodyMl(0)).segment(ct)
                .labels();
    }

    /** Only the first part holds the spleen: it alone runs, and every other band is background. */
    @Test
    void onlyThePartsHoldingTheStructuresRun() throws Exception {
        ModelSpec subset = twoParts().restrictedTo(Set.of("spleen"));
        assertEquals(List.of("first"), subset.parts().stream().map(ModelPart::name).toList());
        assertEquals(Map.of(1, "spleen"), subset.labelMap().names());
        NiftiImage ct = BandModelEngineTest.randomCt(new Shape(23, 19, 17), 2, 3);
        NiftiImage labels = segment(subset, ct);
        for (int i = 0; i < ct.shape().voxels(); i++) {
            int band = BandModelEngineTest.band(ct.value(i), BandModelEngineTest.THRESHOLDS);
            assertEquals(band == 1 ? 1 : 0, labels.voxels().getLong(i), "voxel " + i);
        }
    }

    /**
     * Both parts run for kidney_right and liver; the later part still wins where it finds a
     * structure left out (band 2: stomach over kidney_right), which then becomes background, as
     * filtering the full model's output would give.
     */
    @Test
    void structuresLeftOutOfALaterPartStillOverrideAndBecomeBackground() throws Exception {
        ModelSpec full = twoParts();
        ModelSpec subset = full.restrictedTo(Set.of("kidney_right", "liver"));
        assertEquals(2, subset.parts().size());
        NiftiImage ct = BandModelEngineTest.randomCt(new Shape(23, 19, 17), 2, 4);
        NiftiImage all = segment(full, ct);
        NiftiImage some = segment(subset, ct);
        int liver = FIRST.length + 1;
        for (int i = 0; i < ct.shape().voxels(); i++) {
            long whole = all.voxels().getLong(i);
            assertEquals(whole == liver ? liver : 0, some.voxels().getLong(i), "voxel " + i);
        }
    }

    @Test
    void unknownStructuresAreNamed() throws Exception {
        ModelSpec full = twoParts();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> full.restrictedTo(Set.of("spleen", "brain")));
        assertTrue(e.getMessage().contains("[brain]"), e.getMessage());
    }
}
