package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineTest {
    private static StructureObservation liver(String scan, String subject, double age) {
        return new StructureObservation(new ScanInfo(scan, subject, age, true, Map.of()), "liver", "organ", 1500.0, 60.0,
                100.0, null);
    }

    @Test
    void eachSubjectKeepsItsYoungestScanWhateverTheOrder() {
        List<StructureObservation> rows = new ArrayList<>(List.of(liver("a_ct2", "a", 53.5), liver("a_ct1", "a", 50),
                liver("b_ct1", "b", 70), liver("c_ct3", "c", 40), liver("c_ct1", "c", 40), liver("a_ct3", "a", 57)));
        for (int shuffle = 0; shuffle < 5; shuffle++) {
            Collections.shuffle(rows, new java.util.Random(shuffle));
            assertEquals(List.of("a_ct1", "b_ct1", "c_ct1"),
                    Baseline.of(rows).stream().map(StructureObservation::scanId).sorted().toList());
        }
    }
}
