package org.cohortseg.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.cohortseg.labels.LabelMap;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The category split reproduces the paper's counts on the v1 label map. */
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
}
