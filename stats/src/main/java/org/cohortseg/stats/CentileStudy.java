package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Reference charts that need not be symmetric ({@link CentileCharts}) for every structure x measure
 * x sex of one-scan-per-subject observations, and every scan's centile and z-score on the chart in
 * use: the best calibrated one, or the model the user chose.
 */
public final class CentileStudy {
    private CentileStudy() {
    }

    /** The candidate models of one chart. */
    public record ModelRow(String structure, Measure measure, Stratum sex, CentileCharts.Row row) {
    }

    /** One scan on its chart. */
    public record ScanCentile(String scanId, String structure, Measure measure, Stratum sex, double age, double value,
                              String model, double centile, double zScore) {
    }

    /**
     * The models, the scans' positions, the chart in use and the calibrated choice per structure x
     * measure x sex (keyed by {@link #key}).
     */
    public record Result(List<ModelRow> models, List<ScanCentile> scans, Map<String, CentileChart> charts,
                         Map<String, CentileCharts.Choice> choices) {

        /** The volume charts as QC looks them up. */
        public CentileLookup volumeLookup() {
            return (structure, male, age, volume) -> {
                CentileChart chart = charts.get(key(structure, Measure.VOLUME_ML, Stratum.of(male)));
                return chart == null ? OptionalDouble.empty() : OptionalDouble.of(chart.centileOf(age, volume));
            };
        }
    }

    /**
     * Fits every chart.
     *
     * @param model the model every chart uses, or null for the best calibrated
     */
    public static Result run(List<StructureObservation> observations, CentileCharts.Model model) {
        Map<String, List<StructureObservation>> byStructure = StructureObservation.byStructure(observations);
        List<ModelRow> models = new ArrayList<>();
        List<ScanCentile> scans = new ArrayList<>();
        Map<String, CentileChart> charts = new HashMap<>();
        Map<String, CentileCharts.Choice> choices = new HashMap<>();
        byStructure.forEach((structure, list) -> {
            for (Measure measure : Measure.values()) {
                for (Stratum sex : List.of(Stratum.FEMALE, Stratum.MALE)) {
                    Series s = Series.of(structure, measure, sex, list, List.of());
                    CentileCharts.Choice choice = CentileCharts.fit(s.age(), s.values());
                    choices.put(key(structure, measure, sex), choice);
                    choice.rows().forEach(r -> models.add(new ModelRow(structure, measure, sex, r)));
                    Estimate<? extends CentileChart> chart = model == null ? choice.chart() : candidate(choice, model);
                    if (chart.present()) {
                        charts.put(key(structure, measure, sex), chart.value());
                        place(s, chart.value(), scans);
                    }
                }
            }
        });
        return new Result(models, scans, charts, choices);
    }

    private static Estimate<? extends CentileChart> candidate(CentileCharts.Choice choice, CentileCharts.Model model) {
        return choice.candidates().stream().filter(c -> c.model() == model).findFirst()
                .<Estimate<? extends CentileChart>>map(CentileCharts.Candidate::chart)
                .orElse(Estimate.none("no " + model.label() + " chart"));
    }

    private static void place(Series s, CentileChart chart, List<ScanCentile> scans) {
        double[] age = s.age();
        double[] values = s.values();
        for (int i = 0; i < values.length; i++) {
            scans.add(new ScanCentile(s.scanIds().get(i), s.structure(), s.measure(), s.stratum(), age[i], values[i],
                    chart.model(), chart.centileOf(age[i], values[i]), chart.zScore(age[i], values[i])));
        }
    }

    /** The key of one chart in {@link Result}'s maps. */
    public static String key(String structure, Measure measure, Stratum sex) {
        return structure + "\u0000" + measure.column() + "\u0000" + sex.label();
    }
}
