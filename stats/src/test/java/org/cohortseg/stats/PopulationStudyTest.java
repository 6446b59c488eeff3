package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The whole study on a small constructed cohort: cross-sectional statistics count each subject once,
 * and {@code excludeFlagged} leaves out exactly what QC flags (here the two labels of a vertebra swap).
 */
class PopulationStudyTest {
    private static final String[] LUMBAR = {"vertebrae_L5", "vertebrae_L4", "vertebrae_L3", "vertebrae_L2",
        "vertebrae_L1"};
    private static final int SUBJECTS = 80;
    private static final String SWAPPED = "S007_ct1";

    /** 80 subjects, every fourth scanned twice; lumbar vertebrae 30 mm apart; L3 and L4 swapped in one scan. */
    private static List<StructureObservation> cohort() {
        SplittableRandom rng = new SplittableRandom(15);
        List<StructureObservation> rows = new ArrayList<>();
        for (int s = 0; s < SUBJECTS; s++) {
            String subject = String.format("S%03d", s);
            double age = 20 + rng.nextDouble() * 70;
            boolean male = rng.nextBoolean();
            for (int visit = 1; visit <= (s % 4 == 0 ? 2 : 1); visit++) {
                String scan = subject + "_ct" + visit;
                ScanInfo info = new ScanInfo(scan, subject, age + 3 * (visit - 1), male, Map.of("scanner", "A"));
                double shift = rng.nextGaussian() * 5;
                for (int v = 0; v < LUMBAR.length; v++) {
                    int region = scan.equals(SWAPPED) && (v == 1 || v == 2) ? 3 - v : v;
                    rows.add(new StructureObservation(info, LUMBAR[v], "bone", 30 + rng.nextGaussian() * 3,
                            250 - info.age() + rng.nextGaussian() * 10, shift - 60 + 30.0 * region, null));
                }
            }
        }
        return rows;
    }

    private static int n(PopulationStudy.Result r, String structure) {
        return r.paper().associations().stream().filter(a -> a.association().structure().equals(structure)
                && a.association().measure() == Measure.MEAN_HU && a.association().stratum() == Stratum.ALL)
                .findFirst().orElseThrow().association().n();
    }

    @Test
    void crossSectionalStatisticsCountEachSubjectOnceAndFlaggedStructuresCanBeLeftOut() {
        PopulationStudy.Config config = PopulationStudy.Config.of(AgingStudy.Config.defaults());
        PopulationStudy.Result all = PopulationStudy.run(cohort(), config);
        assertEquals(SUBJECTS, n(all, "vertebrae_L3"), "one scan per subject");
        assertEquals(List.of("vertebrae_L3", "vertebrae_L4"), all.qcFlags().stream()
                .filter(f -> f.flag() == QcFlag.VERTEBRA_ORDER).map(QcFinding::structure).toList());
        assertTrue(all.qcFlags().stream().filter(f -> f.flag() == QcFlag.VERTEBRA_ORDER)
                .allMatch(f -> f.scanId().equals(SWAPPED)));
        LongitudinalEffects.Adjusted l3 = all.longitudinal().stream()
                .filter(a -> a.effect().structure().equals("vertebrae_L3") && a.effect().measure() == Measure.MEAN_HU)
                .findFirst().orElseThrow();
        assertEquals(SUBJECTS + SUBJECTS / 4, l3.effect().scans(), "the longitudinal model sees every scan");

        PopulationStudy.Result kept = PopulationStudy.run(cohort(), config.withExcludeFlagged(true));
        Map<String, java.util.Set<String>> excluded = QcFlags.exclusions(all.qcFlags());
        assertTrue(excluded.get(SWAPPED).containsAll(List.of("vertebrae_L3", "vertebrae_L4")));
        for (String vertebra : LUMBAR) {
            long dropped = excluded.entrySet().stream().filter(e -> e.getKey().endsWith("_ct1"))
                    .filter(e -> e.getValue().contains(vertebra)).count();
            assertEquals(SUBJECTS - dropped, n(kept, vertebra), vertebra + ": the flagged baseline scans are left out");
        }
        assertEquals(all.qcFlags(), kept.qcFlags(), "the flags are those found before leaving anything out");
    }
}
