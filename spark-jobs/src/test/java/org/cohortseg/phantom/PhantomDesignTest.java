package org.cohortseg.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.cohortseg.stats.Measure;
import org.junit.jupiter.api.Test;

/**
 * The standard population's design draws follow their planted parameters (generator level, no
 * voxels rendered, 6000 subjects): repeat scans, contrast, body size, skewed volumes against their
 * analytic centiles, scanner location and scale, within-person slopes, the accelerated subgroup,
 * the swapped vertebra labels, and the paper population's subjects kept.
 */
class PhantomDesignTest {
    private static final int SUBJECTS = 6000;
    private static final PhantomModel MODEL = PhantomModel.standard();
    private static final PhantomCohort COHORT = new PhantomCohort(MODEL, 15, new double[] {3, 3, 3}, true);
    private static final PlantedDistribution PLANTED = new PlantedDistribution(MODEL);
    private static final List<List<PhantomScan>> VISITS = new ArrayList<>();
    private static final List<PhantomScan> BASELINES = new ArrayList<>();
    private static final List<PhantomScan> SCANS = new ArrayList<>();

    static {
        for (int k = 0; k < SUBJECTS; k++) {
            List<PhantomScan> v = COHORT.visits(k);
            VISITS.add(v);
            BASELINES.add(v.get(0));
            SCANS.addAll(v);
        }
    }

    @Test
    void aThirdOfSubjectsHaveTwoToFourVisitsWithinEightYears() {
        long repeat = VISITS.stream().filter(v -> v.size() > 1).count();
        assertEquals(0.3, repeat / (double) SUBJECTS, 0.02, "share with repeat scans");
        for (int visits = 2; visits <= 4; visits++) {
            int n = visits;
            long count = VISITS.stream().filter(v -> v.size() == n).count();
            assertEquals(1.0 / 3, count / (double) repeat, 0.05, visits + " visits among repeaters");
        }
        int index = 0;
        for (int k = 0; k < SUBJECTS; k++) {
            List<PhantomScan> visits = VISITS.get(k);
            assertTrue(visits.size() >= 1 && visits.size() <= 4);
            Subject s = visits.get(0).subject();
            for (PhantomScan scan : visits) {
                assertEquals(s.subjectId() + "_ct" + scan.visit(), scan.scanId());
                assertEquals(s.age() + scan.years(), scan.age(), 1e-12);
                if (scan.visit() > 1) {
                    double gap = scan.years() - visits.get(scan.visit() - 2).years();
                    assertTrue(gap >= 0.49 && scan.years() <= 8 + 1e-9, scan.scanId() + " " + scan.years());
                } else {
                    assertEquals(0, scan.years());
                }
                if (index < 300) { // scans are numbered subject by subject
                    assertEquals(scan.scanId(), COHORT.scanId(index), "scan index " + index);
                    assertEquals(index, COHORT.scanIndex(k, scan.visit()));
                    assertEquals(scan.renderedHu(), COHORT.scan(index).renderedHu());
                }
                index++;
            }
        }
    }

    @Test
    void contrastIsAScanLevelCoinIndependentOfAgeThatEnhancesVesselsKidneysAndLiver() {
        long enhanced = SCANS.stream().filter(PhantomScan::contrast).count();
        assertEquals(0.4, enhanced / (double) SCANS.size(), 0.015, "contrast share");
        assertEquals(mean(SCANS, PhantomScan::contrast, PhantomScan::age),
                mean(SCANS, s -> !s.contrast(), PhantomScan::age), 1.0, "mean age with and without contrast");
        for (String structure : List.of("aorta", "inferior_vena_cava", "kidney_left", "liver", "spleen", "hip_left")) {
            double added = MODEL.contrast().of(structure, true).huAdded();
            Predicate<PhantomScan> onA = s -> s.scanner().equals("A");
            ToDoubleFunction<PhantomScan> hu = s -> s.renderedHu().get(structure);
            double difference = mean(BASELINES, onA.and(PhantomScan::contrast), hu)
                    - mean(BASELINES, onA.and(s -> !s.contrast()), hu);
            assertEquals(added, difference, 3.5, structure + " HU added by contrast on scanner A");
        }
        for (PhantomScan s : SCANS) {
            for (String structure : s.volumeMl().keySet()) {
                double factor = MODEL.contrast().of(structure, s.contrast()).volumeFactor();
                assertEquals(factor, s.volumeMl().get(structure) / s.nativeVolumeMl().get(structure), 1e-12);
            }
        }
        assertEquals(1.05, MODEL.contrast().of("kidney_right", true).volumeFactor());
    }

    @Test
    void heightsAndWeightsFollowTheSexesLawsIndependentOfAge() {
        BodySize body = MODEL.bodySize();
        for (boolean male : new boolean[] {true, false}) {
            List<Subject> s = BASELINES.stream().map(PhantomScan::subject).filter(x -> x.male() == male).toList();
            SummaryStatistics heights = new SummaryStatistics();
            s.forEach(x -> heights.addValue(x.heightCm()));
            assertEquals(body.meanCm(male), heights.getMean(), 0.5, "mean height " + male);
            assertEquals(body.sdCm(male), heights.getStandardDeviation(), 0.4, "height SD " + male);
            double[] h = s.stream().mapToDouble(Subject::heightCm).toArray();
            double[] w = s.stream().mapToDouble(Subject::weightKg).toArray();
            double[] age = s.stream().mapToDouble(Subject::age).toArray();
            double r = new PearsonsCorrelation().correlation(h, w);
            assertTrue(r > 0.25 && r < 0.6, "weight rises with height: r = " + r);
            assertEquals(0, new PearsonsCorrelation().correlation(h, age), 0.06, "height independent of age");
            double medianBmi = median(s.stream().mapToDouble(x -> x.weightKg() / Math.pow(x.heightCm() / 100, 2))
                    .toArray());
            assertEquals(male ? body.maleBmiMedian() : body.femaleBmiMedian(), medianBmi, 0.4);
        }
    }

    @Test
    void skewedVolumesHaveTheirAnalyticCentiles() {
        Effect bladder = MODEL.effect("urinary_bladder", Measure.VOLUME_ML);
        Effect spleen = MODEL.effect("spleen", Measure.VOLUME_ML);
        assertTrue(bladder.law() instanceof NoiseLaw.SinhArcsinh && spleen.law() instanceof NoiseLaw.SinhArcsinh);
        double[] bladderVolumes = BASELINES.stream().mapToDouble(s -> s.volumeMl().get("urinary_bladder")).toArray();
        for (double p : new double[] {0.02, 0.1, 0.25, 0.5, 0.75, 0.9, 0.98}) {
            // no age or sex effect and no height scaling: one law for all, Effect.quantile is the population's
            double q = bladder.quantile(50, true, p);
            assertEquals(q, PLANTED.quantile(bladder, 50, false, p), 1e-6 * q);
            assertEquals(p, share(bladderVolumes, q), tolerance(p, bladderVolumes.length), "bladder centile " + p);
            for (boolean male : new boolean[] {true, false}) {
                double[] v = BASELINES.stream().filter(s -> s.subject().male() == male)
                        .mapToDouble(s -> s.volumeMl().get("spleen")).toArray();
                double qs = PLANTED.quantile(spleen, 60, male, p);
                assertEquals(p, PLANTED.cdf(spleen, 60, male, qs), 1e-9);
                assertEquals(p, share(v, qs), tolerance(p, v.length), "spleen centile " + p + " male " + male);
            }
        }
        double q05 = bladder.quantile(50, false, 0.05);
        double q50 = bladder.quantile(50, false, 0.5);
        double q95 = bladder.quantile(50, false, 0.95);
        assertEquals(bladder.expected(50, false), q50, 1e-9, "the age curve is the median");
        assertTrue(q95 - q50 > 2 * (q50 - q05), "right-skewed: " + q05 + " " + q50 + " " + q95);
    }

    @Test
    void scannersShiftAndScaleTheHuDeviations() {
        // spleen HU: no age, sex or contrast effect: what remains is the deviation, shifted and scaled per scanner
        Effect spleen = MODEL.effect("spleen", Measure.MEAN_HU);
        double sdA = 0;
        for (Scanner scanner : MODEL.scanners()) {
            SummaryStatistics d = new SummaryStatistics();
            SCANS.stream().filter(s -> s.scanner().equals(scanner.name()))
                    .forEach(s -> d.addValue(s.renderedHu().get("spleen") - spleen.intercept()));
            assertEquals(scanner.probability(), d.getN() / (double) SCANS.size(), 0.015, scanner.name() + " share");
            assertEquals(scanner.huOffset(), d.getMean(), 0.8, scanner.name() + " offset");
            sdA = scanner.name().equals("A") ? d.getStandardDeviation() : sdA;
            assertEquals(scanner.noiseScale(), d.getStandardDeviation() / sdA, 0.05, scanner.name() + " scale");
        }
        assertEquals(spleen.totalSd(), sdA, 0.4, "scanner A keeps the planted noise");
    }

    @Test
    void withinPersonSlopesDifferFromTheCrossSectionalOnes() {
        // aorta volume: +0.48 ml/yr across subjects, +0.8 within; autochthon HU: -0.45 across, -0.3 within;
        // iliopsoas volume has no longitudinal term: within-person change follows the age curve (-0.53)
        assertWithinSlope("aorta", Measure.VOLUME_ML, 0.8, 0.48);
        assertWithinSlope("autochthon_left", Measure.MEAN_HU, -0.3, -0.45);
        assertWithinSlope("iliopsoas_right", Measure.VOLUME_ML, -0.53, Double.NaN);
        SummaryStatistics slopes = new SummaryStatistics();
        VISITS.forEach(v -> slopes.addValue(v.get(0).subject().withinSlope().get("aorta/volume_ml")));
        assertEquals(0.8, slopes.getMean(), 0.01);
        assertEquals(0.25, slopes.getStandardDeviation(), 0.01);
    }

    /**
     * The within-subject (fixed-effects) slope over repeat subjects: value and years centred on each
     * subject's means (native, scanner A values), so persistent noise and baseline age drop out.
     */
    private static void assertWithinSlope(String structure, Measure measure, double planted, double crossSectional) {
        List<double[]> centred = new ArrayList<>();
        for (List<PhantomScan> v : VISITS) {
            if (v.size() > 1) {
                double meanT = v.stream().mapToDouble(PhantomScan::years).average().orElseThrow();
                double meanY = v.stream().mapToDouble(s -> planted(s, structure, measure)).average().orElseThrow();
                v.forEach(s -> centred.add(new double[] {s.years() - meanT, planted(s, structure, measure) - meanY}));
            }
        }
        double sxy = centred.stream().mapToDouble(c -> c[0] * c[1]).sum();
        double sxx = centred.stream().mapToDouble(c -> c[0] * c[0]).sum();
        double slope = sxy / sxx;
        double rss = centred.stream().mapToDouble(c -> Math.pow(c[1] - slope * c[0], 2)).sum();
        long repeaters = VISITS.stream().filter(v -> v.size() > 1).count();
        double se = Math.sqrt(rss / (centred.size() - repeaters - 1) / sxx);
        String what = String.format(Locale.ROOT, "%s %s within-person slope %.3f (SE %.3f)", structure,
                measure.column(), slope, se);
        assertEquals(planted, slope, 3.5 * se, what);
        if (!Double.isNaN(crossSectional)) {
            assertTrue(Math.abs(slope - crossSectional) > 3 * se,
                    what + " differs from the cross-sectional " + crossSectional);
        }
    }

    private static double planted(PhantomScan s, String structure, Measure measure) {
        return (measure == Measure.VOLUME_ML ? s.nativeVolumeMl() : s.plantedHu()).get(structure);
    }

    @Test
    void aTenthOfSubjectsAgeTheirMusclesTenYearsAhead() {
        List<Subject> subjects = BASELINES.stream().map(PhantomScan::subject).toList();
        long accelerated = subjects.stream().filter(Subject::accelerated).count();
        assertEquals(0.1, accelerated / (double) SUBJECTS, 0.012);
        assertEquals(mean(BASELINES, s -> s.subject().accelerated(), PhantomScan::age),
                mean(BASELINES, s -> !s.subject().accelerated(), PhantomScan::age), 2.5, "independent of age");
        assertEquals(org.cohortseg.measure.StructureCategory.MUSCLE, MODEL.acceleration().system());
        for (String key : List.of("autochthon_left/mean_hu", "iliopsoas_left/volume_ml", "aorta/volume_ml",
                "vertebrae_L4/mean_hu")) {
            String[] sm = key.split("/");
            Measure measure = sm[1].equals("volume_ml") ? Measure.VOLUME_ML : Measure.MEAN_HU;
            Effect e = MODEL.effect(sm[0], measure);
            ToDoubleFunction<PhantomScan> residual = s -> planted(s, sm[0], measure)
                    - e.expected(s.age(), s.subject().male());
            SummaryStatistics others = new SummaryStatistics();
            BASELINES.stream().filter(s -> !s.subject().accelerated())
                    .forEach(s -> others.addValue(residual.applyAsDouble(s)));
            double gap = mean(BASELINES, s -> s.subject().accelerated(), residual) - others.getMean();
            double planted = e.expected(60 + MODEL.acceleration().gapYears(sm[0], true), false) - e.expected(60, false);
            double se = others.getStandardDeviation() * Math.sqrt(1.0 / accelerated + 1.0 / (SUBJECTS - accelerated));
            assertEquals(planted, gap, 3.5 * se, key + " shift of the accelerated subgroup");
        }
        assertEquals(-4.5, MODEL.effect("autochthon_left", Measure.MEAN_HU).expected(70, true)
                - MODEL.effect("autochthon_left", Measure.MEAN_HU).expected(60, true), 1e-9);
    }

    @Test
    void vertebraLabelsAreSwappedInOneScanOfEveryTwoHundred() {
        LabelSwaps swaps = MODEL.swaps();
        List<Integer> swapped = new ArrayList<>();
        for (int i = 0; i < SCANS.size(); i++) {
            PhantomScan s = SCANS.get(i);
            if (s.swap() != null) {
                swapped.add(i);
                int first = swaps.column().indexOf(s.swap().first());
                assertEquals(first + 1, swaps.column().indexOf(s.swap().second()), "adjacent vertebrae");
                assertTrue(i % 200 < 40, "among the first 40 of its block: " + i);
                assertSwapRecorded(s);
            }
        }
        int blocks = SCANS.size() / 200;
        assertEquals(blocks, swapped.stream().filter(i -> i < blocks * 200).count(), "one per block of 200");
        assertTrue(swapped.get(0) < 40, "a cohort of 40 scans has one");
        assertEquals(swapped.size(), swapped.stream().map(i -> i / 200).distinct().count());
    }

    private static void assertSwapRecorded(PhantomScan s) {
        List<List<String>> rows = CohortTruth.structureRows(MODEL, s, Acquisition.uniform(new double[] {3, 3, 3}));
        int partner = CohortTruth.STRUCTURE_COLUMNS.indexOf("label_swapped_with");
        int labelId = CohortTruth.STRUCTURE_COLUMNS.indexOf("label_id");
        for (List<String> row : rows) {
            String structure = row.get(1);
            String expected = structure.equals(s.swap().first()) ? s.swap().second()
                    : structure.equals(s.swap().second()) ? s.swap().first() : "";
            assertEquals(expected, row.get(partner), s.scanId() + " " + structure);
            assertEquals(MODEL.labelMap().get(Integer.parseInt(row.get(labelId))), structure,
                    "label_id stays the structure's");
        }
        for (PhantomScan.PlacedStructure p : s.anatomy(MODEL)) {
            assertEquals(s.swap().labelOf(p.name()), MODEL.labelMap().get(p.labelId()), "written label of " + p.name());
        }
    }

    @Test
    void theStandardPopulationKeepsThePaperPopulationsSubjects() {
        PhantomModel paper = PhantomModel.paper();
        PhantomCohort cross = new PhantomCohort(paper, 15, new double[] {3, 3, 3}, true);
        for (int k = 0; k < 100; k++) {
            Subject a = cross.subject(k);
            Subject b = COHORT.subject(k);
            assertEquals(a.age(), b.age());
            assertEquals(a.male(), b.male());
            assertEquals(a.scanner(), b.scanner());
            assertEquals(a.bodyScale(), b.bodyScale());
            assertEquals(a.heightCm(), b.heightCm());
            a.placement().forEach((name, p) -> assertArrayEquals(p, b.placement().get(name), name));
            PhantomScan only = cross.scan(k);
            assertEquals(a.subjectId() + "_ct1", only.scanId(), "one scan per subject");
            assertTrue(!only.contrast());
            assertNull(only.swap());
            double offset = paper.scanner(only.scanner()).huOffset();
            only.plantedHu().forEach((name, hu) -> assertEquals(hu + offset, only.renderedHu().get(name), 1e-9,
                    "paper scanners shift HU only"));
        }
        assertTrue(paper.scanners().stream().allMatch(s -> s.noiseScale() == 1));
    }

    @Test
    void theMixtureOfTheAcceleratedSubgroupLiesBetweenItsComponents() {
        Effect autochthon = MODEL.effect("autochthon_right", Measure.MEAN_HU);
        for (double p : new double[] {0.1, 0.5, 0.9}) {
            double q = PLANTED.quantile(autochthon, 50, true, p);
            assertTrue(autochthon.quantile(60, true, p) < q && q < autochthon.quantile(50, true, p), "p " + p);
            assertEquals(p, PLANTED.cdf(autochthon, 50, true, q), 1e-9);
        }
        Effect aorta = MODEL.effect("aorta", Measure.VOLUME_ML);
        assertEquals(aorta.quantile(40, false, 0.3), PLANTED.quantile(aorta, 40, false, 0.3), 1e-7);
        // the clamp at a quarter of the intercept (4 SD below) lifts the mean by 4e-5 ml
        assertEquals(aorta.expected(40, false), PLANTED.mean(aorta, 40, false), 1e-4);
    }

    private static double mean(List<PhantomScan> scans, Predicate<PhantomScan> which, ToDoubleFunction<PhantomScan> f) {
        return scans.stream().filter(which).mapToDouble(f).average().orElseThrow();
    }

    private static double share(double[] values, double threshold) {
        return Arrays.stream(values).filter(v -> v <= threshold).count() / (double) values.length;
    }

    /** 3.5 standard errors of an empirical distribution function at p over n values. */
    private static double tolerance(double p, int n) {
        return 3.5 * Math.sqrt(p * (1 - p) / n);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
