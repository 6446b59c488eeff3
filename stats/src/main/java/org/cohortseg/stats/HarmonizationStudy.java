package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * ComBat over a measurement table: per measure, the structures are the features and the scans
 * (one per subject) the samples; the batch is a scan covariate (e.g. scanner); age, sex and the
 * other covariates are protected. Structures with fewer than {@link #MIN_PER_BATCH} values in a
 * batch are left as they are (ComBat cannot estimate their batch scale). Besides the harmonised
 * values, every structure's batch effect and Spearman rs with age before and after.
 */
public final class HarmonizationStudy {
    /** Values a structure needs in every batch to be harmonised. */
    public static final int MIN_PER_BATCH = 3;

    private HarmonizationStudy() {
    }

    /**
     * Settings.
     *
     * @param batchCovariate the scan covariate whose levels are the batches
     * @param prior ComBat's empirical Bayes prior
     * @param protectedCovariates categorical covariates kept (besides age and sex), e.g. contrast
     */
    public record Config(String batchCovariate, ComBat.Prior prior, List<String> protectedCovariates) {
        public Config {
            protectedCovariates = List.copyOf(protectedCovariates);
        }
    }

    /** One scan's value of one structure, before and after. */
    public record Value(String scanId, String structure, Measure measure, String batch, double value,
                        double harmonised) {
    }

    /** One structure x measure: the batch effect and rs with age before and after harmonisation. */
    public record Check(String structure, Measure measure, Estimate<HarmonizationCheck.BatchEffect> before,
                        Estimate<HarmonizationCheck.BatchEffect> after, Estimate<Correlation> spearmanBefore,
                        Estimate<Correlation> spearmanAfter) {
    }

    /** The harmonised values and the checks; {@code reasons} names each measure ComBat refused. */
    public record Result(List<Value> values, List<Check> checks, Map<Measure, String> reasons) {
        public Result {
            values = List.copyOf(values);
            checks = List.copyOf(checks);
            reasons = Map.copyOf(reasons);
        }
    }

    /** Harmonises one-scan-per-subject observations. */
    public static Result run(List<StructureObservation> observations, Config config) {
        Map<String, ScanInfo> scanById = new TreeMap<>();
        Map<String, Map<String, StructureObservation>> byStructure = new TreeMap<>();
        for (StructureObservation o : observations) {
            scanById.put(o.scanId(), o.scan());
            byStructure.computeIfAbsent(o.structure(), k -> new HashMap<>()).put(o.scanId(), o);
        }
        List<ScanInfo> scans = List.copyOf(scanById.values());
        String[] batch = scans.stream().map(s -> s.covariates().getOrDefault(config.batchCovariate(), "unknown"))
                .toArray(String[]::new);
        double[][] covariates = protectedDesign(scans, config.protectedCovariates());
        List<Value> values = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        Map<Measure, String> reasons = new HashMap<>();
        for (Measure measure : Measure.values()) {
            List<String> structures = new ArrayList<>();
            List<double[]> rows = new ArrayList<>();
            byStructure.forEach((structure, byScan) -> {
                double[] row = new double[scans.size()];
                for (int i = 0; i < row.length; i++) {
                    StructureObservation o = byScan.get(scans.get(i).scanId());
                    Double v = o == null ? null : o.value(measure);
                    row[i] = v == null ? Double.NaN : v;
                }
                if (enoughPerBatch(row, batch)) {
                    structures.add(structure);
                    rows.add(row);
                }
            });
            double[][] data = rows.toArray(new double[0][]);
            Estimate<ComBat.Result> fit = ComBat.harmonise(data, batch, covariates, config.prior(), false);
            if (!fit.present()) {
                reasons.put(measure, fit.reason());
                continue;
            }
            double[][] after = fit.value().harmonised();
            List<Estimate<HarmonizationCheck.BatchEffect>> effectsBefore =
                    HarmonizationCheck.batchEffects(data, batch, covariates);
            List<Estimate<HarmonizationCheck.BatchEffect>> effectsAfter =
                    HarmonizationCheck.batchEffects(after, batch, covariates);
            for (int f = 0; f < data.length; f++) {
                for (int i = 0; i < scans.size(); i++) {
                    if (!Double.isNaN(data[f][i])) {
                        values.add(new Value(scans.get(i).scanId(), structures.get(f), measure, batch[i], data[f][i],
                                after[f][i]));
                    }
                }
                checks.add(new Check(structures.get(f), measure, effectsBefore.get(f), effectsAfter.get(f),
                        spearman(scans, data[f]), spearman(scans, after[f])));
            }
        }
        return new Result(values, checks, reasons);
    }

    /** Age, male and the dummies of the protected covariates, one row per scan. */
    private static double[][] protectedDesign(List<ScanInfo> scans, List<String> protectedCovariates) {
        double[] age = scans.stream().mapToDouble(ScanInfo::age).toArray();
        boolean[] male = new boolean[scans.size()];
        Map<String, String[]> categorical = new TreeMap<>();
        protectedCovariates.forEach(c -> categorical.put(c, new String[scans.size()]));
        for (int i = 0; i < male.length; i++) {
            male[i] = scans.get(i).male();
            for (String c : protectedCovariates) {
                categorical.get(c)[i] = scans.get(i).covariates().getOrDefault(c, "unknown");
            }
        }
        Covariates design = Covariates.numeric("age", age);
        if (anyDiffers(male)) {
            design = design.and(Covariates.indicator("male", male));
        }
        return design.and(Covariates.categorical(categorical)).rows();
    }

    private static boolean anyDiffers(boolean[] male) {
        for (boolean m : male) {
            if (m != male[0]) {
                return true;
            }
        }
        return false;
    }

    private static boolean enoughPerBatch(double[] row, String[] batch) {
        Map<String, Integer> count = new HashMap<>();
        for (String b : batch) {
            count.putIfAbsent(b, 0);
        }
        for (int i = 0; i < row.length; i++) {
            if (!Double.isNaN(row[i])) {
                count.merge(batch[i], 1, Integer::sum);
            }
        }
        return count.values().stream().allMatch(c -> c >= MIN_PER_BATCH);
    }

    private static Estimate<Correlation> spearman(List<ScanInfo> scans, double[] values) {
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                pairs.add(new double[] {scans.get(i).age(), values[i]});
            }
        }
        return Correlations.spearman(pairs.stream().mapToDouble(p -> p[0]).toArray(),
                pairs.stream().mapToDouble(p -> p[1]).toArray());
    }
}
