package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The quality-control rules on small hand-made scans and cohorts. */
class QcFlagsTest {

    @Test
    void anAdjacentSwapFlagsExactlyTheTwoLabels() {
        List<QcFinding> f = orderFindings(spine(Map.of("vertebrae_L3", "vertebrae_L4")));
        assertEquals(List.of("vertebrae_L3", "vertebrae_L4"), structures(f));
        assertEquals("centroid z = 70.0 mm, not above vertebrae_L4 (105.0 mm)", f.get(0).detail());
        assertEquals("centroid z = 105.0 mm, not below vertebrae_L3 (70.0 mm)", f.get(1).detail());
    }

    @Test
    void aSwapOfLabelsTwoApartFlagsExactlyThoseTwo() {
        assertEquals(List.of("vertebrae_L1", "vertebrae_L3"),
                structures(orderFindings(spine(Map.of("vertebrae_L1", "vertebrae_L3")))));
        assertEquals(List.of("vertebrae_C1", "vertebrae_S1"),
                structures(orderFindings(spine(Map.of("vertebrae_S1", "vertebrae_C1")))));
    }

    @Test
    void aLabelMovedFarFromItsPlaceIsFlaggedAlone() {
        assertArrayEquals(new boolean[] {false, true, false, false, false, false},
                VertebraOrder.blamed(new double[] {0, 40, 10, 20, 30, 50}));
        assertArrayEquals(new boolean[] {false, false, false, false, true, false},
                VertebraOrder.blamed(new double[] {0, 20, 30, 40, 10, 50}));
    }

    @Test
    void everySwapFlagsItsTwoLabelsAndEveryMoveItsOneOverTheWholeSpine() {
        int n = SpineChain.CAUDAL_TO_CRANIAL.size();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double[] z = IntStream.range(0, n).asDoubleStream().toArray();
                z[i] = j;
                z[j] = i;
                assertEquals(List.of(i, j), flagged(VertebraOrder.blamed(z)), "swap " + i + " " + j);
                if (j - i >= 2) {
                    List<Double> moved = new ArrayList<>(IntStream.range(0, n).asDoubleStream().boxed().toList());
                    moved.add(j, moved.remove(i));
                    assertEquals(List.of(j), flagged(VertebraOrder.blamed(
                            moved.stream().mapToDouble(Double::doubleValue).toArray())), "move " + i + " to " + j);
                }
            }
        }
    }

    @Test
    void theUnflaggedVertebraeAreAlwaysInOrder() {
        Random random = new Random(7);
        for (int trial = 0; trial < 20000; trial++) {
            double[] z = IntStream.range(0, 2 + random.nextInt(10)).asDoubleStream().toArray();
            for (int k = random.nextInt(4); k >= 0; k--) {
                int a = random.nextInt(z.length);
                int b = random.nextInt(z.length);
                double t = z[a];
                z[a] = z[b];
                z[b] = t;
            }
            boolean[] blamed = VertebraOrder.blamed(z);
            double last = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < z.length; i++) {
                if (!blamed[i]) {
                    assertTrue(z[i] > last, Arrays.toString(z) + " -> " + Arrays.toString(blamed));
                    last = z[i];
                }
            }
        }
    }

    @Test
    void tangledErrorsFlagEveryLabelOutsideSomeLongestOrderedRun() {
        // no swap explains 3,4 above 2,1,0: the longest ordered runs keep 3, 4, 5 or one of 2, 1, 0 with 5
        assertArrayEquals(new boolean[] {false, false, true, true, true, false},
                VertebraOrder.blamed(new double[] {3, 4, 2, 1, 0, 5}));
        assertArrayEquals(new boolean[] {false, true, true, false}, VertebraOrder.blamed(new double[] {1, 2, 2, 3}));
        assertArrayEquals(new boolean[0], VertebraOrder.blamed(new double[0]));
    }

    @Test
    void anOrderedSpineIsNotFlaggedWhateverIsAbsentOrIncomplete() {
        List<QcInput.Structure> spine = new ArrayList<>(spine(Map.of()));
        spine.set(0, QcInput.Structure.absent("vertebrae_S1"));
        spine.set(24, new QcInput.Structure("vertebrae_C1", null, 700.0, QcInput.INCOMPLETE, true));
        spine.removeIf(s -> s.name().equals("vertebrae_T4"));
        assertTrue(QcFlags.run(List.of(QcInput.of("a", true, 50, spine)), CentileLookup.NONE).isEmpty());
    }

    @Test
    void aVertebraMissingBetweenPresentOnesIsAGapButNotAtTheEnds() {
        List<QcInput.Structure> spine = new ArrayList<>(spine(Map.of()));
        spine.replaceAll(s -> s.name().equals("vertebrae_T8") || s.name().equals("vertebrae_S1")
                || s.name().equals("vertebrae_C1") ? QcInput.Structure.absent(s.name()) : s);
        List<QcFinding> f = QcFlags.run(List.of(QcInput.of("a", true, 50, spine)), CentileLookup.NONE);
        assertEquals(List.of(new QcFinding("a", "vertebrae_T8", QcFlag.ABSENT_IN_FIELD_OF_VIEW,
                "absent between vertebrae_T9 (z = 278.0 mm) and vertebrae_T7 (z = 328.0 mm), which are present")), f);
    }

    @Test
    void volumesAreFlaggedOutsideTheChartLimitsOnly() {
        CentileLookup charts = (structure, male, age, volume) -> switch (structure) {
            case "low" -> OptionalDouble.of(0.4);
            case "edge" -> OptionalDouble.of(0.5);
            case "high" -> OptionalDouble.of(99.6);
            case "broken" -> OptionalDouble.of(Double.NaN);
            default -> OptionalDouble.empty();
        };
        QcInput scan = QcInput.of("a", false, 61, List.of(complete("low", 10, 0), complete("edge", 10, 1),
                complete("high", 12.34, 2), complete("broken", 10, 3), complete("uncharted", 1e6, 4)));
        List<QcFinding> f = QcFlags.run(List.of(scan), charts);
        assertEquals(List.of("high", "low"), structures(f));
        assertEquals("volume 12.3 ml at centile 99.60 of the female chart at age 61.0 (limits 0.5-99.5)",
                f.get(0).detail());
        assertTrue(QcFlags.run(List.of(scan), CentileLookup.NONE).isEmpty(), "no chart, no flag");
    }

    @Test
    void leftRightRatiosAreJudgedFromTwentyScansWithBothSides() {
        List<QcInput> cohort = ratioCohort(18);
        assertTrue(QcFlags.run(cohort, CentileLookup.NONE).isEmpty(), "19 scans with both sides");
        cohort = ratioCohort(19);
        List<QcFinding> f = QcFlags.run(cohort, CentileLookup.NONE);
        assertEquals(List.of("kidney_left", "kidney_right"), structures(f));
        assertTrue(f.stream().allMatch(x -> x.scanId().equals("outlier") && x.flag() == QcFlag.LEFT_RIGHT_RATIO));
        String detail = f.get(0).detail();
        assertTrue(detail.startsWith("log(left/right) = -0.693 (kidney_left 50.0 ml, kidney_right 100.0 ml)"), detail);
    }

    @Test
    void identicalRatiosHaveNoScaleAndFlagNothing() {
        List<QcInput> cohort = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            cohort.add(pair("s" + i, "hip", 100, 100));
        }
        cohort.add(pair("odd", "hip", 300, 100));
        assertTrue(QcFlags.run(cohort, CentileLookup.NONE).isEmpty());
    }

    @Test
    void pairsDifferOnlyInTheirLeftPart() {
        assertEquals("kidney_right", LeftRightRatio.partner("kidney_left"));
        assertEquals("rib_right_1", LeftRightRatio.partner("rib_left_1"));
        assertNull(LeftRightRatio.partner("lung_middle_lobe_right"));
        assertNull(LeftRightRatio.partner("leftover"));
    }

    @Test
    void theSummaryCountsAndTheExclusionsSkipAbsentStructures() {
        List<QcFinding> f = List.of(
                new QcFinding("a", "vertebrae_L3", QcFlag.VERTEBRA_ORDER, "d"),
                new QcFinding("a", "vertebrae_L4", QcFlag.VERTEBRA_ORDER, "d"),
                new QcFinding("a", "spleen", QcFlag.ABSENT_IN_FIELD_OF_VIEW, "d"),
                new QcFinding("b", "liver", QcFlag.VOLUME_OUTSIDE_CHART, "d"),
                new QcFinding("c", "kidney_left", QcFlag.LEFT_RIGHT_RATIO, "d"),
                new QcFinding("c", "kidney_left", QcFlag.VOLUME_OUTSIDE_CHART, "d"));
        QcFlags.Summary s = QcFlags.summary(f);
        assertEquals(Map.of(QcFlag.VERTEBRA_ORDER, 2, QcFlag.VOLUME_OUTSIDE_CHART, 2, QcFlag.LEFT_RIGHT_RATIO, 1,
                QcFlag.ABSENT_IN_FIELD_OF_VIEW, 1), s.perFlag());
        assertEquals(List.of(QcFlag.values()), List.copyOf(s.perFlag().keySet()));
        assertEquals(Map.of(QcFlag.LEFT_RIGHT_RATIO, 1, QcFlag.VOLUME_OUTSIDE_CHART, 1),
                s.perStructure().get("kidney_left"));
        assertEquals(List.of("kidney_left", "liver", "spleen", "vertebrae_L3", "vertebrae_L4"),
                List.copyOf(s.perStructure().keySet()));
        assertEquals(3, s.scans());
        assertEquals(Map.of("a", Set.of("vertebrae_L3", "vertebrae_L4"), "b", Set.of("liver"),
                "c", Set.of("kidney_left")), QcFlags.exclusions(f));
        assertEquals(0, QcFlags.summary(List.of()).perFlag().get(QcFlag.LEFT_RIGHT_RATIO));
        assertEquals("absent_in_field_of_view", QcFlag.ABSENT_IN_FIELD_OF_VIEW.label());
    }

    @Test
    void inconsistentRowsAndSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new QcInput.Structure("liver", null, 1.0, "missing", false));
        assertThrows(IllegalArgumentException.class, () -> new QcInput.Structure("liver", 1.0, null, null, false));
        assertThrows(IllegalArgumentException.class,
                () -> QcInput.of("a", true, 50, List.of(complete("liver", 1, 0), complete("liver", 2, 0))));
        assertThrows(IllegalArgumentException.class, () -> new QcFlags.Config(99.5, 0.5, 4, 20, 0.95, 0.99));
        assertThrows(IllegalArgumentException.class, () -> new QcFlags.Config(0.5, 99.5, 4, 20, 0.4, 0.99));
    }

    /** A complete spine with z = 35 mm steps in the lumbar spine (S1 at 0), some labels swapped with others. */
    private static List<QcInput.Structure> spine(Map<String, String> swaps) {
        List<String> chain = SpineChain.CAUDAL_TO_CRANIAL;
        List<QcInput.Structure> out = new ArrayList<>();
        for (String name : chain) {
            String other = swaps.entrySet().stream().filter(e -> e.getKey().equals(name) || e.getValue().equals(name))
                    .map(e -> e.getKey().equals(name) ? e.getValue() : e.getKey()).findFirst().orElse(name);
            int i = chain.indexOf(other);
            double z = i <= 5 ? 35 * i : i <= 17 ? 203 + 25 * (i - 6) : 498 + 17 * (i - 18);
            out.add(complete(name, 30, z));
        }
        return out;
    }

    private static List<QcFinding> orderFindings(List<QcInput.Structure> spine) {
        return QcFlags.run(List.of(QcInput.of("a", true, 50, spine)), CentileLookup.NONE).stream()
                .filter(f -> f.flag() == QcFlag.VERTEBRA_ORDER).toList();
    }

    /** {@code n} scans with log(left/right) spread evenly over +-0.1, and one more at log(1/2). */
    private static List<QcInput> ratioCohort(int n) {
        List<QcInput> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double ratio = Math.exp(-0.1 + 0.2 * i / (n - 1));
            out.add(pair("s" + i, "kidney", 150 * ratio, 150));
        }
        out.add(pair("outlier", "kidney", 50, 100));
        return out;
    }

    /** A scan with both sides of a pair complete. */
    private static QcInput pair(String scanId, String pair, double leftMl, double rightMl) {
        return QcInput.of(scanId, true, 50,
                List.of(complete(pair + "_left", leftMl, 0), complete(pair + "_right", rightMl, 0)));
    }

    private static QcInput.Structure complete(String name, double volumeMl, double z) {
        return new QcInput.Structure(name, volumeMl, z, null, false);
    }

    private static List<Integer> flagged(boolean[] blamed) {
        return IntStream.range(0, blamed.length).filter(i -> blamed[i]).boxed().toList();
    }

    private static List<String> structures(List<QcFinding> findings) {
        return findings.stream().map(QcFinding::structure).toList();
    }
}
