package org.cohortseg.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.cohortseg.measure.StructureCategory;
import org.cohortseg.stats.AdjustedStudy;
import org.cohortseg.stats.AgingStudy;
import org.cohortseg.stats.CentileChart;
import org.cohortseg.stats.CentileCharts;
import org.cohortseg.stats.CentileStudy;
import org.cohortseg.stats.ComBat;
import org.cohortseg.stats.HarmonizationStudy;
import org.cohortseg.stats.LeastSquares;
import org.cohortseg.stats.LongitudinalEffect;
import org.cohortseg.stats.LongitudinalEffects;
import org.cohortseg.stats.Measure;
import org.cohortseg.stats.OrganAge;
import org.cohortseg.stats.OrganAgeStudy;
import org.cohortseg.stats.PopulationStudy;
import org.cohortseg.stats.QcFinding;
import org.cohortseg.stats.QcFlag;
import org.cohortseg.stats.ScanInfo;
import org.cohortseg.stats.SpearmanBootstrap;
import org.cohortseg.stats.Stratum;
import org.cohortseg.stats.StructureObservation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statistics beyond the paper recover what the generator planted, on a measurement table made
 * directly from the scans of 4004 phantom subjects (every visit; no voxels rendered): ComBat removes
 * the scanners' planted shifts and scales, the charts follow the planted skewed centiles, the
 * allometric exponents contain the planted ones, organ age finds the accelerated subgroup in its system
 * only, the mixed model separates the planted within-person slopes from the cross-sectional ones, and
 * QC finds the planted label swaps with few false flags.
 */
class BeyondPaperRecoveryTest {
    private static final int SUBJECTS = 4004;
    private static final PhantomModel MODEL = PhantomModel.standard();
    private static final PlantedDistribution PLANTED = new PlantedDistribution(MODEL);
    private static final List<PhantomScan> SCANS = new ArrayList<>();
    private static PopulationStudy.Result study;

    @BeforeAll
    static void run() {
        PhantomCohort cohort = new PhantomCohort(MODEL, 2026, new double[] {3, 3, 3}, true);
        List<StructureObservation> observations = new ArrayList<>();
        for (int k = 0; k < SUBJECTS; k++) {
            for (PhantomScan scan : cohort.visits(k)) {
                SCANS.add(scan);
                observations.addAll(observe(scan));
            }
        }
        AgingStudy.Config paper = new AgingStudy.Config(List.of("scanner", "contrast"), Map.of(),
                org.cohortseg.stats.AgeGroups.Scheme.PAPER, AgingStudy.Config.defaults().gridAges());
        study = PopulationStudy.run(observations, new PopulationStudy.Config(paper, null, "scanner",
                ComBat.Prior.PARAMETRIC, "height_cm", new SpearmanBootstrap.Settings(500, 7), Map.of(),
                OrganAge.Config.defaults(), false));
    }

    /**
     * A scan's rows as the measurement table holds them: rendered values, and the centroid of the
     * region that carries each label (a swapped label measures its partner's vertebra).
     */
    private static List<StructureObservation> observe(PhantomScan scan) {
        ScanInfo info = new ScanInfo(scan.scanId(), scan.subject().subjectId(), scan.age(), scan.subject().male(),
                Map.of("scanner", scan.scanner(), "contrast", Boolean.toString(scan.contrast()),
                        "height_cm", Double.toString(scan.subject().heightCm())));
        Map<String, Double> centroidZ = new HashMap<>();
        for (PhantomScan.PlacedStructure p : scan.anatomy(MODEL)) {
            double[] b = p.solid().bounds();
            centroidZ.put(p.name(), (b[2] + b[5]) / 2);
        }
        List<StructureObservation> rows = new ArrayList<>();
        for (StructureTemplate t : MODEL.structures()) {
            String region = scan.swap() == null ? t.name() : scan.swap().labelOf(t.name());
            rows.add(new StructureObservation(info, t.name(), StructureCategory.of(t.name()).label(),
                    scan.rendered(region, Measure.VOLUME_ML), scan.rendered(region, Measure.MEAN_HU),
                    centroidZ.get(region), null));
        }
        return rows;
    }

    /** The two-sided normal quantile of a family-wise 95 % over {@code tests} checks (Bonferroni). */
    private static double familyZ(int tests) {
        return NoiseLaw.normalQuantile(1 - 0.025 / tests);
    }

    /**
     * Per structure's HU, on the baseline scans: OLS of the value on age, sex, contrast and the scanner
     * indicators finds the planted offsets (B - A = +8, C - A = -5 HU) before ComBat and none after;
     * the residual SD ratios of the scanners are the planted scales (B 1.2, C 0.7) before and 1 after.
     */
    @Test
    void comBatRemovesThePlantedScannerShiftAndScale() {
        List<HarmonizationStudy.Check> hu = study.harmonization().checks().stream()
                .filter(c -> c.measure() == Measure.MEAN_HU).toList();
        assertEquals(MODEL.structures().size(), hu.size(), "every structure's HU is harmonised");
        Map<String, PhantomScan> byId = SCANS.stream().collect(Collectors.toMap(PhantomScan::scanId, s -> s));
        Map<String, List<HarmonizationStudy.Value>> byStructure = study.harmonization().values().stream()
                .filter(v -> v.measure() == Measure.MEAN_HU)
                .collect(Collectors.groupingBy(HarmonizationStudy.Value::structure));
        double z = familyZ(4 * byStructure.size());
        for (HarmonizationStudy.Check c : hu) {
            assertTrue(c.before().value().fP() < 0.05 / hu.size(), c.structure() + ": shift found (Bonferroni), p = "
                    + c.before().value().fP());
            assertTrue(c.after().value().fP() > 0.5, c.structure() + ": none left, p = " + c.after().value().fP());
        }
        byStructure.forEach((structure, values) -> {
            for (boolean after : new boolean[] {false, true}) {
                ScannerFit fit = ScannerFit.of(values, byId, after);
                for (String scanner : List.of("B", "C")) {
                    double planted = after ? 0 : MODEL.scanner(scanner).huOffset() - MODEL.scanner("A").huOffset();
                    assertEquals(planted, fit.offset(scanner), z * fit.offsetSe(scanner), structure + " offset of "
                            + scanner + (after ? " after" : " before") + " ComBat");
                    double scale = after ? 1 : MODEL.scanner(scanner).noiseScale() / MODEL.scanner("A").noiseScale();
                    assertEquals(scale, fit.sdRatio(scanner), z * fit.sdRatioSe(scanner), structure + " scale of "
                            + scanner + (after ? " after" : " before") + " ComBat");
                }
            }
        });
    }

    /** Offsets and residual SD ratios of the scanners (against A) in value ~ age + male + contrast + scanner. */
    private record ScannerFit(Map<String, double[]> offsets, Map<String, SummaryStatistics> residuals) {
        static ScannerFit of(List<HarmonizationStudy.Value> values, Map<String, PhantomScan> byId, boolean after) {
            int n = values.size();
            double[] y = new double[n];
            List<double[]> columns = new ArrayList<>();
            for (int c = 0; c < 5; c++) {
                columns.add(new double[n]);
            }
            for (int i = 0; i < n; i++) {
                HarmonizationStudy.Value v = values.get(i);
                PhantomScan scan = byId.get(v.scanId());
                y[i] = after ? v.harmonised() : v.value();
                double[] row = {scan.age(), scan.subject().male() ? 1 : 0, scan.contrast() ? 1 : 0,
                    v.batch().equals("B") ? 1 : 0, v.batch().equals("C") ? 1 : 0};
                for (int c = 0; c < row.length; c++) {
                    columns.get(c)[i] = row[c];
                }
            }
            var fit = LeastSquares.fit(y, columns, List.of("age", "male", "contrast", "B", "C")).value();
            Map<String, double[]> offsets = new HashMap<>();
            for (String scanner : List.of("B", "C")) {
                int k = fit.fit().index(scanner);
                offsets.put(scanner, new double[] {fit.fit().coefficients()[k], fit.fit().standardErrors()[k]});
            }
            Map<String, SummaryStatistics> residuals = new HashMap<>();
            for (int i = 0; i < n; i++) {
                double[] row = new double[5];
                for (int c = 0; c < 5; c++) {
                    row[c] = columns.get(c)[i];
                }
                residuals.computeIfAbsent(values.get(i).batch(), b -> new SummaryStatistics())
                        .addValue(y[i] - fit.predict(row)[0]);
            }
            return new ScannerFit(offsets, residuals);
        }

        double offset(String scanner) {
            return offsets.get(scanner)[0];
        }

        double offsetSe(String scanner) {
            return offsets.get(scanner)[1];
        }

        double sdRatio(String scanner) {
            return residuals.get(scanner).getStandardDeviation() / residuals.get("A").getStandardDeviation();
        }

        /** Delta-method SE of a ratio of two independent normal SDs: ratio * sqrt(1 / 2nA + 1 / 2nB). */
        double sdRatioSe(String scanner) {
            return sdRatio(scanner) * Math.sqrt(0.5 / residuals.get(scanner).getN() + 0.5 / residuals.get("A").getN());
        }
    }

    /**
     * The skewed volumes' charts: a skew-aware model is chosen, better calibrated than the Gaussian,
     * and at ages 30-90 the planted distribution puts p % below the fitted p-th centile, within four
     * binomial standard errors of a quarter of the sex's scans.
     */
    @Test
    void chartsOfSkewedVolumesFollowThePlantedCentiles() {
        for (String structure : List.of("urinary_bladder", "spleen")) {
            Effect e = MODEL.effect(structure, Measure.VOLUME_ML);
            for (Stratum sex : List.of(Stratum.FEMALE, Stratum.MALE)) {
                String key = CentileStudy.key(structure, Measure.VOLUME_ML, sex);
                CentileCharts.Choice choice = study.centiles().choices().get(key);
                assertNotNull(choice, key);
                assertTrue(choice.chosen() != CentileCharts.Model.GAUSSIAN, structure + " " + sex + ": "
                        + choice.rows());
                CentileChart chart = study.centiles().charts().get(key);
                int quarter = choice.n() / 4;
                for (double age : new double[] {30, 50, 70, 90}) {
                    for (double p : new double[] {5, 50, 95}) {
                        double below = 100 * PLANTED.cdf(e, age, sex == Stratum.MALE, chart.centile(age, p));
                        double se = 100 * Math.sqrt(p / 100 * (1 - p / 100) / quarter);
                        assertEquals(p, below, 4 * se, structure + " " + sex.label() + " age " + age + " centile " + p);
                    }
                }
            }
        }
    }

    /** The allometric exponents contain the planted ones (liver 1.5, kidneys 1.2, spleen 1.0, others 0). */
    @Test
    void allometricExponentsContainThePlantedOnes() {
        List<AdjustedStudy.Row> volumes = study.adjusted().stream().filter(r -> r.measure() == Measure.VOLUME_ML)
                .toList();
        double z = familyZ(volumes.size());
        for (AdjustedStudy.Row r : volumes) {
            var exponent = r.association().allometry().value().exponent();
            double planted = MODEL.effect(r.structure(), Measure.VOLUME_ML).heightExponent();
            assertEquals(planted, exponent.estimate(), z * exponent.standardError(), r.structure());
        }
    }

    /**
     * Partial Spearman keeps the sign of every planted linear age effect, and finds no age effect where
     * none is planted (Bonferroni over the family).
     */
    @Test
    void partialSpearmanKeepsThePlantedSigns() {
        int family = study.adjusted().size();
        for (AdjustedStudy.Row r : study.adjusted()) {
            Effect e = MODEL.effect(r.structure(), r.measure());
            var partial = r.association().partialSpearman().value();
            if (e.age() instanceof AgeFunction.Linear linear) {
                assertTrue(partial.pValue() * family < 1e-4, r.structure() + " " + r.measure() + ": " + partial);
                assertEquals(Math.signum(linear.slopePerYear()), Math.signum(partial.estimate()), r.structure());
            } else if (e.age() instanceof AgeFunction.None && !accelerated(r.structure())) {
                assertTrue(partial.pValue() * family >= 0.05, r.structure() + " " + r.measure() + ": " + partial);
            }
        }
    }

    private static boolean accelerated(String structure) {
        return MODEL.acceleration().gapYears(structure, true) != 0;
    }

    /**
     * Organ age finds the accelerated subgroup in the accelerated system only: its mean corrected gap
     * exceeds the others' (by less than the planted 10 years: predictions regress to the mean), and in
     * the other systems the two groups do not differ.
     */
    @Test
    void organAgeFindsTheAcceleratedSubgroupInItsSystem() {
        Map<String, Boolean> acceleratedScan = new HashMap<>();
        SCANS.forEach(s -> acceleratedScan.put(s.scanId(), s.subject().accelerated()));
        String system = MODEL.acceleration().system().label();
        Map<String, List<OrganAgeStudy.Row>> bySystemSex = study.organAge().rows().stream().collect(Collectors.groupingBy(
                r -> r.system() + "/" + (r.scan().male() ? "male" : "female")));
        assertEquals(8, bySystemSex.size(), "four systems x two sexes have a model");
        double z = familyZ(bySystemSex.size());
        bySystemSex.forEach((key, rows) -> {
            SummaryStatistics fast = new SummaryStatistics();
            SummaryStatistics rest = new SummaryStatistics();
            rows.forEach(r -> (acceleratedScan.get(r.scan().scanId()) ? fast : rest).addValue(r.scan().ageGapCorrected()));
            double difference = fast.getMean() - rest.getMean();
            double se = Math.sqrt(fast.getVariance() / fast.getN() + rest.getVariance() / rest.getN());
            if (key.startsWith(system + "/")) {
                assertTrue(difference / se > 5, key + ": accelerated subgroup's gap " + difference + " +- " + se);
                assertTrue(difference < MODEL.acceleration().gapYears() + z * se, key + ": at most the planted gap");
            } else {
                assertEquals(0, difference, z * se, key + ": no acceleration planted");
            }
        });
    }

    /**
     * The mixed model recovers the planted within-person slopes (aorta volume +0.8 ml/yr, autochthon HU
     * -0.3 HU/yr, contrast's average volume factor applied) apart from the cross-sectional ones (+0.48,
     * -0.45), and finds within = cross where that is what was planted.
     */
    @Test
    void mixedModelSeparatesWithinPersonFromCrossSectionalChange() {
        List<LongitudinalEffects.Adjusted> linear = study.longitudinal().stream()
                .filter(a -> MODEL.effect(a.effect().structure(), a.effect().measure()).age() instanceof AgeFunction.Linear)
                .toList();
        double z = familyZ(2 * linear.size());
        Set<String> planted = new HashSet<>();
        for (LongitudinalEffects.Adjusted a : linear) {
            Effect e = MODEL.effect(a.effect().structure(), a.effect().measure());
            LongitudinalEffect.Slopes s = a.effect().slopes().value();
            double factor = volumeFactor(e);
            double cross = ((AgeFunction.Linear) e.age()).slopePerYear() * factor;
            if (e.longitudinal() != null) {
                planted.add(e.key());
                assertEquals(e.longitudinal().slopePerYear() * factor, s.withinPerson().estimate(),
                        z * s.withinPerson().standardError(), e.key() + " within-person slope");
                assertEquals(cross, s.crossSectional().estimate(), z * s.crossSectional().standardError(),
                        e.key() + " cross-sectional slope");
                assertTrue(s.difference().p() < 0.05 / 3, e.key() + ": the slopes differ (Bonferroni over the three "
                        + "planted), p = " + s.difference().p());
            } else {
                assertEquals(0, s.difference().estimate(), z * s.difference().standardError(), e.key()
                        + ": within = cross planted");
            }
        }
        assertEquals(new TreeSet<>(List.of("aorta/volume_ml", "autochthon_left/mean_hu", "autochthon_right/mean_hu")),
                new TreeSet<>(planted));
    }

    /** The mean factor a volume is multiplied by (height scaling averages out: reference is the mean). */
    private static double volumeFactor(Effect e) {
        if (e.measure() != Measure.VOLUME_ML) {
            return 1;
        }
        Contrast contrast = MODEL.contrast();
        return 1 + contrast.share() * (contrast.of(e.structure(), true).volumeFactor() - 1);
    }

    /** QC flags the two labels of every planted swap, and at most 1 % of the other scans. */
    @Test
    void qcFlagsFindThePlantedSwapsAndFewOthers() {
        Map<String, Set<String>> order = new HashMap<>();
        Set<String> otherFlagged = new TreeSet<>();
        for (QcFinding f : study.qcFlags()) {
            if (f.flag() == QcFlag.VERTEBRA_ORDER) {
                order.computeIfAbsent(f.scanId(), k -> new TreeSet<>()).add(f.structure());
            }
            if (f.flag() != QcFlag.VOLUME_OUTSIDE_CHART) {
                otherFlagged.add(f.scanId());
            }
        }
        int swaps = 0;
        for (PhantomScan scan : SCANS) {
            if (scan.swap() != null) {
                swaps++;
                assertEquals(new TreeSet<>(List.of(scan.swap().first(), scan.swap().second())), order.get(scan.scanId()),
                        scan.scanId());
                otherFlagged.remove(scan.scanId());
            }
        }
        assertTrue(swaps >= SCANS.size() / 200, swaps + " planted swaps");
        assertFalse(order.keySet().stream().anyMatch(id -> SCANS.stream().noneMatch(s -> s.scanId().equals(id)
                && s.swap() != null)), "no vertebra order flag without a planted swap");
        assertTrue(otherFlagged.size() <= SCANS.size() / 100, otherFlagged.size() + " of " + SCANS.size()
                + " scans flagged without a planted problem");
    }
}
