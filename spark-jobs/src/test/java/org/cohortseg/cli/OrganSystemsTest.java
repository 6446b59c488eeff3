package org.cohortseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import org.cohortseg.io.CohortsegHome;
import org.cohortseg.labels.LabelMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrganSystemsTest {
    @Test
    void theShippedGroupingPutsEveryTotalSegmentatorStructureInOneSystem() throws Exception {
        Map<String, String> systems = OrganSystems.read(CohortsegHome.resolve("conf/organ_systems/total_v2.json"));
        LabelMap labels = LabelMap.load("total_v2");
        assertEquals(new TreeSet<>(labels.names().values()), new TreeSet<>(systems.keySet()));
        assertEquals("cardiovascular", systems.get("aorta"));
        assertEquals("muscles", systems.get("autochthon_left"));
    }

    @Test
    void aStructureInTwoSystemsIsRefused(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("systems.json"), "{\"a\": [\"liver\"], \"b\": [\"liver\"]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OrganSystems.read(file));
        assertTrue(e.getMessage().contains("liver is in a and b"), e.getMessage());
    }
}
