package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Organ age over a measurement table: per organ system, the features are the volume and mean HU of
 * the system's structures (one row per scan, missing values NaN), and {@link OrganAge} predicts age
 * from them per sex by cross-fitting. The systems are the structures' categories (the aging study's
 * organ / bone / muscle / vessel) unless a grouping names them.
 */
public final class OrganAgeStudy {
    private OrganAgeStudy() {
    }

    /** One scan's organ age in one system. */
    public record Row(String system, OrganAge.ScanAge scan) {
    }

    /** One system's model quality per sex. */
    public record Summary(String system, Stratum sex, int n, int features, Double mae, Double correctedGapVsAge,
                          String reason) {
    }

    /** One outer fold of one system's model of one sex. */
    public record FoldRow(String system, Stratum sex, OrganAge.Fold fold) {
    }

    /** Every system's result (lists the study fills, then hands over as they are). */
    public record Result(List<Row> rows, List<Summary> summaries, List<FoldRow> folds) {

        /** The most accurate model (smallest MAE), if any system and sex has one. */
        public java.util.Optional<Summary> mostAccurate() {
            return summaries.stream().filter(s -> s.mae() != null)
                    .min(java.util.Comparator.comparingDouble(Summary::mae));
        }
    }

    /**
     * Runs every system.
     *
     * @param observations one scan per subject (cross-sectional)
     * @param systems structure to system; structures not named use their category (empty: categories only)
     */
    public static Result run(List<StructureObservation> observations, Map<String, String> systems,
                             OrganAge.Config config) {
        Map<String, TreeSet<String>> structuresOf = new TreeMap<>();
        Map<String, ScanInfo> scans = new TreeMap<>();
        Map<String, StructureObservation> byScanStructure = new LinkedHashMap<>();
        for (StructureObservation o : observations) {
            structuresOf.computeIfAbsent(systems.getOrDefault(o.structure(), o.category()), k -> new TreeSet<>())
                    .add(o.structure());
            scans.put(o.scanId(), o.scan());
            byScanStructure.put(o.scanId() + "\u0000" + o.structure(), o);
        }
        List<ScanInfo> cohort = List.copyOf(scans.values());
        Result result = new Result(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        structuresOf.forEach((system, structures) -> {
            List<String> names = new ArrayList<>();
            structures.forEach(s -> Arrays.stream(Measure.values()).forEach(m -> names.add(s + "/" + m.column())));
            double[][] features = new double[cohort.size()][names.size()];
            for (int i = 0; i < cohort.size(); i++) {
                int f = 0;
                for (String s : structures) {
                    StructureObservation o = byScanStructure.get(cohort.get(i).scanId() + "\u0000" + s);
                    for (Measure m : Measure.values()) {
                        Double v = o == null ? null : o.value(m);
                        features[i][f++] = v == null ? Double.NaN : v;
                    }
                }
            }
            OrganAge.Result r = OrganAge.estimate(cohort.stream().map(ScanInfo::scanId).toArray(String[]::new),
                    cohort.stream().mapToDouble(ScanInfo::age).toArray(), male(cohort), features,
                    names.toArray(new String[0]), config);
            add(system, Stratum.FEMALE, r.female(), names.size(), result);
            add(system, Stratum.MALE, r.male(), names.size(), result);
        });
        return new Result(List.copyOf(result.rows), List.copyOf(result.summaries), List.copyOf(result.folds));
    }

    private static boolean[] male(List<ScanInfo> cohort) {
        boolean[] male = new boolean[cohort.size()];
        for (int i = 0; i < male.length; i++) {
            male[i] = cohort.get(i).male();
        }
        return male;
    }

    private static void add(String system, Stratum sex, Estimate<OrganAge.SexResult> result, int features,
                            Result into) {
        if (!result.present()) {
            into.summaries.add(new Summary(system, sex, 0, features, null, null, result.reason()));
            return;
        }
        OrganAge.SexResult r = result.value();
        r.scans().forEach(s -> into.rows.add(new Row(system, s)));
        r.folds().forEach(f -> into.folds.add(new FoldRow(system, sex, f)));
        into.summaries.add(new Summary(system, sex, r.scans().size(), features, r.mae(),
                r.correctedGapVsAge().present() ? r.correctedGapVsAge().value().estimate() : null, null));
    }
}
