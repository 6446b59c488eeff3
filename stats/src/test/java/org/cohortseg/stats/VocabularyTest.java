package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The statistics vocabulary keeps the names the tables store, in the order the tables list them. */
class VocabularyTest {

    @Test
    void measuresAreStoredUnderTheirColumnNames() {
        assertEquals(List.of("volume_ml", "mean_hu"), List.of(Measure.values()).stream().map(Measure::column).toList());
        assertEquals(List.of("Volume", "Attenuation"), List.of(Measure.values()).stream().map(Measure::title).toList());
    }

    @Test
    void strataAreStoredInLowerCaseAndHoldTheirSubjects() {
        assertEquals(List.of("all", "female", "male"), List.of(Stratum.values()).stream().map(Stratum::label).toList());
        assertEquals(Stratum.MALE, Stratum.of(true));
        assertEquals(Stratum.FEMALE, Stratum.of(false));
        assertTrue(Stratum.ALL.includes(true) && Stratum.ALL.includes(false));
        assertTrue(Stratum.MALE.includes(true) && !Stratum.MALE.includes(false));
        assertTrue(Stratum.FEMALE.includes(false) && !Stratum.FEMALE.includes(true));
    }

    @Test
    void anObservationGivesEachMeasureItsOwnValue() {
        ScanInfo scan = new ScanInfo("s1", "p1", 50, true, Map.of("height_cm", "172.5", "scanner", "A"));
        assertEquals(172.5, scan.number("height_cm"));
        assertNull(scan.number("scanner"));
        assertNull(scan.number("weight_kg"));
        StructureObservation o = new StructureObservation(scan, "liver", "organ", 1500.0, 55.0, 120.0, null);
        assertEquals(1500.0, o.value(Measure.VOLUME_ML));
        assertEquals(55.0, o.value(Measure.MEAN_HU));
        StructureObservation incomplete = new StructureObservation(scan, "liver", "organ", 1500.0, null, 120.0,
                "incomplete");
        assertNull(incomplete.value(Measure.MEAN_HU));
    }

    @Test
    void paperAgeGroupsSortByAge() {
        List<String> labels = new ArrayList<>(List.of(">78", "59-78", "<41", "41-59"));
        labels.sort(AgeGroups.LABEL_ORDER);
        assertEquals(List.of("<41", "41-59", "59-78", ">78"), labels);
    }
}
