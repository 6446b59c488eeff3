package org.cohortseg.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.cohortseg.labels.LabelMap;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The category split reproduces the paper's counts on the v1 label map; table labels read back. */
class StructureCategoryTest {

    @Test
    void v1LabelMapSplitsInto27Organs59Bones10Muscles8Vessels() throws Exception {
        Map<StructureCategory, Integer> counts = new EnumMap<>(StructureCategory.class);
        for (String name : LabelMap.load("total_v1").names().values()) {
            counts.merge(StructureCategory.of(name), 1, Integer::sum);
        }
        assertEquals(Map.of(StructureCategory.ORGAN, 27, StructureCategory.BONE, 59, StructureCategory.MUSCLE, 10,
                StructureCategory.VESSEL, 8), counts);
    }

    @Test
    void tableLabelsReadBackAsTheirCategory() {
        for (StructureCategory c : StructureCategory.values()) {
            assertEquals(Optional.of(c), StructureCategory.ofLabel(c.label()));
        }
        assertEquals(Optional.of(StructureCategory.VESSEL), StructureCategory.ofLabel("vessel"));
        assertEquals(Optional.empty(), StructureCategory.ofLabel("ORGAN"));
        assertEquals(Optional.empty(), StructureCategory.ofLabel(null));
    }
}
