package org.cohortseg.report;

import static org.cohortseg.report.StudyReport.escape;
import static org.cohortseg.report.StudyReport.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.cohortseg.stats.AdjustedStudy;
import org.cohortseg.stats.AgingStudy;
import org.cohortseg.stats.ChartCalibration;
import org.cohortseg.stats.CentileCharts;
import org.cohortseg.stats.CentileStudy;
import org.cohortseg.stats.Estimate;
import org.cohortseg.stats.HarmonizationStudy;
import org.cohortseg.stats.LongitudinalEffect;
import org.cohortseg.stats.LongitudinalEffects;
import org.cohortseg.stats.OrganAgeStudy;
import org.cohortseg.stats.PopulationStudy;
import org.cohortseg.stats.QcFinding;
import org.cohortseg.stats.QcFlag;
import org.cohortseg.stats.QcFlags;
import org.cohortseg.stats.Stratum;

/**
 * The report's sections beyond the paper: reference charts and their calibration, adjusted
 * associations, harmonisation before and after, organ age, within-person change and QC flags.
 */
final class ModelSections {
    private static final int ROWS = 12;

    private ModelSections() {
    }

    /** How many charts chose each model, and the calibration of the chart where the Gaussian fits worst. */
    static void centiles(StringBuilder h, CentileStudy.Result c) {
        h.append("<h2>Reference charts: Gaussian, quantile regression and shash</h2>\n");
        Map<String, Integer> chosen = new TreeMap<>();
        c.models().stream().filter(m -> m.row().chosen()).forEach(m -> chosen.merge(m.row().model(), 1, Integer::sum));
        h.append("<p>Each structure x measure x sex is charted three ways; the default is the best calibrated "
                + "(mean |share below centile - nominal| over centiles 5-95 and age quartiles, 5-fold cross-fitted). "
                + "Charts per chosen model: ").append(escape(chosen.toString())).append(".</p>\n");
        Map.Entry<String, CentileCharts.Choice> worst = null;
        double gain = -1;
        for (Map.Entry<String, CentileCharts.Choice> e : c.choices().entrySet()) {
            double g = gaussianExcess(e.getValue());
            if (g > gain) {
                gain = g;
                worst = e;
            }
        }
        if (worst == null) {
            return;
        }
        Map<String, double[][]> lines = new LinkedHashMap<>();
        for (CentileCharts.Candidate candidate : worst.getValue().candidates()) {
            if (candidate.calibration().present()) {
                lines.put(candidate.model().label(), pooled(candidate.calibration().value()));
            }
        }
        String name = worst.getKey().replace('\u0000', ' ');
        image(h, "calibration of the charts of " + name, ModelCharts.calibration("Calibration: " + name, lines));
    }

    /** How much worse the Gaussian chart is calibrated than the best (0 when either is missing). */
    private static double gaussianExcess(CentileCharts.Choice choice) {
        double gaussian = Double.NaN;
        double best = Double.POSITIVE_INFINITY;
        for (CentileCharts.Candidate candidate : choice.candidates()) {
            if (candidate.calibration().present()) {
                double score = candidate.calibration().value().score();
                best = Math.min(best, score);
                if (candidate.model() == CentileCharts.Model.GAUSSIAN) {
                    gaussian = score;
                }
            }
        }
        return Double.isNaN(gaussian) ? 0 : gaussian - best;
    }

    /** Share of all scans below each nominal centile (the bands pooled by their counts). */
    private static double[][] pooled(ChartCalibration c) {
        double[][] points = new double[c.nominal().length][];
        int total = 0;
        for (int n : c.bandCounts()) {
            total += n;
        }
        for (int k = 0; k < points.length; k++) {
            double below = 0;
            for (int b = 0; b < c.bandCounts().length; b++) {
                below += c.observed()[b][k] * c.bandCounts()[b];
            }
            points[k] = new double[] {c.nominal()[k], total == 0 ? 0 : below / total};
        }
        return points;
    }

    /** The paper's significant associations with their adjusted versions. */
    static void adjusted(StringBuilder h, AgingStudy.Result paper, List<AdjustedStudy.Row> adjusted) {
        h.append("<h2>Adjusted associations</h2>\n<table><tr><th>structure</th><th>measure</th><th>rs [bootstrap 95 % CI]"
                + "</th><th>partial rs (sex, covariates)</th><th>age x sex p</th><th>allometric exponent [95 % CI]</th>"
                + "</tr>\n");
        Map<String, AdjustedStudy.Row> byKey = new LinkedHashMap<>();
        adjusted.forEach(a -> byKey.put(a.structure() + "/" + a.measure().column(), a));
        for (AgingStudy.Association a : paper.significantOverall().stream().limit(ROWS).toList()) {
            AdjustedStudy.Row row = byKey.get(a.association().structure() + "/" + a.association().measure().column());
            if (row == null) {
                continue;
            }
            var x = row.association();
            h.append(String.format(Locale.ROOT, "<tr><td class=\"t\">%s</td><td class=\"t\">%s</td><td>%.2f %s</td>"
                    + "<td>%s</td><td>%s</td><td>%s</td></tr>%n", escape(row.structure()), row.measure().column(),
                    a.association().spearman().value().estimate(),
                    text(x.spearmanBootstrap(), i -> String.format(Locale.ROOT, "[%.2f, %.2f]", i.ciLow(), i.ciHigh())),
                    text(x.partialSpearman(), p -> String.format(Locale.ROOT, "%.2f", p.estimate())),
                    text(x.ageBySex(), c -> String.format(Locale.ROOT, "%.2g", c.pValue())),
                    text(x.allometry(), al -> String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", al.exponent().estimate(),
                            al.exponent().ciLow(), al.exponent().ciHigh()))));
        }
        h.append("</table>\n");
    }

    /** The batch effect and rs before and after ComBat. */
    static void harmonization(StringBuilder h, String batch, HarmonizationStudy.Result r) {
        h.append("<h2>Harmonisation across ").append(escape(batch == null ? "batches" : batch)).append("</h2>\n");
        if (batch == null) {
            h.append("<p>Not requested (<code>stats --harmonize COLUMN</code>).</p>\n");
            return;
        }
        r.reasons().forEach((measure, why) -> h.append("<p>").append(measure.column()).append(": not harmonised: ")
                .append(escape(why)).append("</p>\n"));
        List<String> items = new ArrayList<>();
        Map<String, double[]> f = new LinkedHashMap<>();
        h.append("<table><tr><th>structure</th><th>measure</th><th>batch F before</th><th>after</th><th>rs before</th>"
                + "<th>after</th></tr>\n");
        for (HarmonizationStudy.Check c : r.checks()) {
            if (!c.before().present() || !c.after().present()) {
                continue;
            }
            String item = c.structure() + " " + c.measure().column();
            items.add(item);
            f.put(item, new double[] {c.before().value().f(), c.after().value().f()});
            h.append(String.format(Locale.ROOT, "<tr><td class=\"t\">%s</td><td class=\"t\">%s</td><td>%.1f</td>"
                    + "<td>%.2f</td><td>%s</td><td>%s</td></tr>%n", escape(c.structure()), c.measure().column(),
                    c.before().value().f(), c.after().value().f(), rho(c.spearmanBefore()), rho(c.spearmanAfter())));
        }
        h.append("</table>\n");
        if (!items.isEmpty()) {
            image(h, "batch effect before and after ComBat", ModelCharts.beforeAfter("Batch effect (F) before and "
                    + "after ComBat", "F of " + batch + " given age, sex and covariates", items, f));
        }
    }

    /** Model quality per system and sex, predicted against chronological age, and the corrected gaps. */
    static void organAge(StringBuilder h, OrganAgeStudy.Result r) {
        h.append("<h2>Organ age</h2>\n<p>Age predicted from each organ system's volumes and attenuations (elastic "
                + "net, alpha 0.5, lambda by inner 5-fold CV, 5-fold cross-fitted per sex); the gap is corrected for "
                + "its age trend in the training folds.</p>\n<table><tr><th>system</th><th>sex</th><th>n</th>"
                + "<th>features</th><th>MAE (years)</th><th>r(corrected gap, age)</th><th>note</th></tr>\n");
        for (OrganAgeStudy.Summary s : r.summaries()) {
            h.append(String.format(Locale.ROOT, "<tr><td class=\"t\">%s</td><td class=\"t\">%s</td><td>%d</td><td>%d</td>"
                    + "<td>%s</td><td>%s</td><td class=\"t\">%s</td></tr>%n", escape(s.system()), s.sex().label(), s.n(),
                    s.features(), s.mae() == null ? "" : String.format(Locale.ROOT, "%.1f", s.mae()),
                    s.correctedGapVsAge() == null ? "" : String.format(Locale.ROOT, "%.3f", s.correctedGapVsAge()),
                    escape(s.reason())));
        }
        h.append("</table>\n");
        OrganAgeStudy.Summary best = r.mostAccurate().orElse(null);
        if (best == null) {
            return;
        }
        Map<String, double[][]> points = new LinkedHashMap<>();
        for (Stratum sex : List.of(Stratum.FEMALE, Stratum.MALE)) {
            points.put(sex.label(), r.rows().stream().filter(x -> x.system().equals(best.system())
                    && Stratum.of(x.scan().male()) == sex)
                    .map(x -> new double[] {x.scan().age(), x.scan().predictedAge()}).toArray(double[][]::new));
        }
        Map<String, double[]> gaps = new LinkedHashMap<>();
        r.rows().stream().collect(java.util.stream.Collectors.groupingBy(OrganAgeStudy.Row::system, TreeMap::new,
                java.util.stream.Collectors.toList())).forEach((system, rows) -> gaps.put(system,
                        rows.stream().mapToDouble(x -> x.scan().ageGapCorrected()).toArray()));
        image(h, "predicted against chronological age, " + best.system(),
                ModelCharts.predictedAge("Organ age: " + best.system(), points));
        image(h, "corrected age gap per system", ModelCharts.histogram("Corrected age gap per organ system",
                "corrected age gap (years)", gaps));
    }

    /** Within-person against cross-sectional slopes. */
    static void longitudinal(StringBuilder h, List<LongitudinalEffects.Adjusted> effects) {
        h.append("<h2>Within-person change</h2>\n");
        List<LongitudinalEffects.Adjusted> fitted = effects.stream().filter(e -> e.effect().slopes().present()).toList();
        if (fitted.isEmpty()) {
            h.append("<p>No structure has subjects scanned more than once").append(effects.isEmpty() ? "" : ": "
                    + escape(effects.get(0).effect().slopes().reason())).append(".</p>\n");
            return;
        }
        h.append("<p>value ~ baseline_age + years_since_baseline + sex + (1 + years_since_baseline | subject), REML "
                + "(lme4), Satterthwaite t-tests (lmerTest); Bonferroni over the within-person slopes.</p>\n<table><tr>"
                + "<th>structure</th><th>measure</th><th>subjects</th><th>scans</th><th>cross-sectional per year</th>"
                + "<th>within-person per year</th><th>p (Bonferroni)</th><th>difference p</th></tr>\n");
        for (LongitudinalEffects.Adjusted e : fitted.stream().sorted(Comparator.comparingDouble(
                (LongitudinalEffects.Adjusted x) -> x.effect().slopes().value().withinPerson().p())).limit(ROWS).toList()) {
            LongitudinalEffect.Slopes s = e.effect().slopes().value();
            h.append(String.format(Locale.ROOT, "<tr><td class=\"t\">%s</td><td class=\"t\">%s</td><td>%d</td><td>%d</td>"
                    + "<td>%.3g &plusmn; %.2g</td><td>%.3g &plusmn; %.2g</td><td>%.2g</td><td>%.2g</td></tr>%n",
                    escape(e.effect().structure()), e.effect().measure().column(), e.effect().subjects(),
                    e.effect().scans(), s.crossSectional().estimate(), s.crossSectional().standardError(),
                    s.withinPerson().estimate(), s.withinPerson().standardError(), e.pBonferroni(), s.difference().p()));
        }
        h.append("</table>\n");
    }

    /** Counts per flag and the flagged scans. */
    static void qcFlags(StringBuilder h, List<QcFinding> findings, boolean excluded) {
        QcFlags.Summary summary = QcFlags.summary(findings);
        h.append("<h3>QC flags</h3>\n<p>").append(summary.scans()).append(" scans flagged")
                .append(excluded ? "; their flagged structures were left out (<code>--exclude-flagged</code>)" : "")
                .append(".</p>\n<table><tr><th>flag</th><th>findings</th></tr>\n");
        for (Map.Entry<QcFlag, Integer> e : summary.perFlag().entrySet()) {
            h.append("<tr><td class=\"t\">").append(e.getKey().label()).append("</td><td>").append(e.getValue())
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<table><tr><th>scan</th><th>structure</th><th>flag</th><th>detail</th></tr>\n");
        findings.stream().filter(f -> f.flag() != QcFlag.VOLUME_OUTSIDE_CHART).limit(50).forEach(f -> h.append(
                "<tr><td class=\"t\">").append(escape(f.scanId())).append("</td><td class=\"t\">").append(escape(f.structure()))
                .append("</td><td class=\"t\">").append(f.flag().label()).append("</td><td class=\"t\">")
                .append(escape(f.detail())).append("</td></tr>\n"));
        h.append("</table>\n");
    }

    private static String rho(Estimate<org.cohortseg.stats.Correlation> e) {
        return e.present() ? String.format(Locale.ROOT, "%.3f", e.value().estimate()) : "";
    }

    private static <T> String text(Estimate<T> e, java.util.function.Function<T, String> f) {
        return e.present() ? f.apply(e.value()) : "";
    }

    /** The sections in report order. */
    static void all(StringBuilder h, PopulationStudy.Result study, String batch) {
        centiles(h, study.centiles());
        adjusted(h, study.paper(), study.adjusted());
        harmonization(h, batch, study.harmonization());
        organAge(h, study.organAge());
        longitudinal(h, study.longitudinal());
    }
}
