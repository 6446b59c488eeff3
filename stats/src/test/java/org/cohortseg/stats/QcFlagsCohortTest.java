package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Quality control over a constructed cohort of 1000 scans ({@link SyntheticQcCohort}) with planted
 * problems: 10 L3/L4 swaps, 5 livers three times their size, 5 left kidneys at 40 % of the right,
 * 5 missing T8 vertebrae and 5 missing spleens. Every problem must be flagged, and other flags
 * must stay within the 1 % of scans.
 */
class QcFlagsCohortTest {
    private static final int SCANS = 1000;
    private static SyntheticQcCohort cohort;
    private static List<QcFinding> findings;

    @BeforeAll
    static void flagThePlantedCohort() {
        cohort = new SyntheticQcCohort(SCANS, 15);
        cohort.plantSwaps(10, "vertebrae_L3", "vertebrae_L4");
        cohort.plantVolumes(5, "liver", 3);
        cohort.plantRatios(5, "kidney_left", "kidney_right", 0.4);
        cohort.plantMisses(5, "vertebrae_T8", List.of("vertebrae_T9", "vertebrae_T7"));
        cohort.plantMisses(5, "spleen", List.of("vertebrae_T5", "vertebrae_L4"));
        findings = QcFlags.run(cohort.scans(), cohort.charts());
    }

    @Test
    void everyPlantedProblemIsFlagged() {
        Set<String> flagged = findings.stream().map(f -> f.scanId() + "/" + f.structure() + "/" + f.flag())
                .collect(Collectors.toSet());
        assertEquals(30, cohort.plants().size());
        for (SyntheticQcCohort.Plant p : cohort.plants()) {
            for (String structure : p.structures()) {
                assertTrue(flagged.contains(p.scanId() + "/" + structure + "/" + p.flag()),
                        p + " not flagged on " + structure);
            }
        }
    }

    @Test
    void flagsOtherThanTheChartsHitAtMostOnePercentOfScans() {
        Set<String> planted = cohort.plantedPairs();
        List<QcFinding> unplanted = findings.stream().filter(f -> f.flag() != QcFlag.VOLUME_OUTSIDE_CHART)
                .filter(f -> !planted.contains(f.scanId() + "/" + f.structure())).toList();
        long scans = unplanted.stream().map(QcFinding::scanId).distinct().count();
        assertTrue(scans <= SCANS / 100, scans + " scans falsely flagged: " + unplanted);
    }

    @Test
    void chartsFlagTheirNominalOnePercentOfVolumes() {
        Set<String> planted = cohort.plantedPairs();
        long volumes = cohort.scans().stream().flatMap(s -> s.structures().values().stream()
                .filter(x -> SyntheticQcCohort.CHARTED.contains(x.name()) && x.volumeMl() != null)
                .map(x -> s.scanId() + "/" + x.name())).filter(k -> !planted.contains(k)).count();
        long flagged = findings.stream().filter(f -> f.flag() == QcFlag.VOLUME_OUTSIDE_CHART)
                .filter(f -> !planted.contains(f.scanId() + "/" + f.structure())).count();
        double share = flagged / (double) volumes;
        assertTrue(volumes > 1000, "charted volumes: " + volumes);
        // about 3300 volumes: one binomial standard deviation of the share is 0.0017
        assertEquals(0.01, share, 0.005, flagged + " of " + volumes + " volumes outside 0.5-99.5");
    }

    @Test
    void findingsAreSortedAndIndependentOfTheScanOrder() {
        List<QcFinding> sorted = new ArrayList<>(findings);
        Collections.sort(sorted);
        assertEquals(sorted, findings);
        List<QcInput> shuffled = new ArrayList<>(cohort.scans());
        Collections.shuffle(shuffled, new Random(1));
        assertEquals(findings, QcFlags.run(shuffled, cohort.charts()));
    }
}
