package org.cohortseg.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.cohortseg.geometry.Shape;
import org.junit.jupiter.api.Test;

/** Window placement and Gaussian importance against nnU-Net's definitions (golden fixtures). */
class WindowGeometryTest {

    @Test
    void nnUnetsOwnExampleGivesStarts0_23_46() {
        assertArrayEquals(new int[] {0, 23, 46}, WindowPlanner.starts(110, 64, 0.5));
    }

    @Test
    void startsMatchNnUnet() {
        for (JsonNode c : EngineGolden.expected().get("windows")) {
            int[] expected = new int[c.get("starts").size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = c.get("starts").get(i).asInt();
            }
            assertArrayEquals(expected, WindowPlanner.starts(c.get("size").asInt(), c.get("patch").asInt(),
                    c.get("step").asDouble()), c.toString());
        }
    }

    @Test
    void planCoversTheImageInZOrder() {
        List<WindowPlanner.Window> windows = WindowPlanner.plan(new Shape(110, 64, 65), new int[] {64, 64, 64}, 0.5);
        assertEquals(3 * 1 * 2, windows.size());
        assertEquals(new WindowPlanner.Window(0, 0, 0), windows.get(0));
        assertEquals(new WindowPlanner.Window(46, 0, 1), windows.get(5));
    }

    @Test
    void imagesSmallerThanThePatchOrBadStepsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> WindowPlanner.starts(10, 16, 0.5));
        assertThrows(IllegalArgumentException.class, () -> WindowPlanner.starts(100, 16, 0));
        assertThrows(IllegalArgumentException.class, () -> WindowPlanner.starts(100, 16, 1.5));
    }

    @Test
    void gaussianMatchesNnUnet() throws IOException {
        for (JsonNode g : EngineGolden.expected().get("gaussians")) {
            int[] patch = {g.get("patch_xyz").get(0).asInt(), g.get("patch_xyz").get(1).asInt(), g.get("patch_xyz").get(2).asInt()};
            float[] expected = EngineGolden.floats(g.get("file").asText());
            float[] actual = GaussianImportance.of(patch, 0.125);
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-6 * expected[i], g.get("file").asText() + " at " + i);
            }
        }
    }
}
