package org.cohortseg.report;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.cohortseg.measure.StructureCategory;
import org.cohortseg.stats.AgeAssociation;
import org.cohortseg.stats.AgeGroups;
import org.cohortseg.stats.AgingStudy;
import org.cohortseg.stats.Measure;
import org.cohortseg.stats.PopulationStudy;
import org.cohortseg.stats.Stratum;
import org.cohortseg.stats.StructureObservation;

/**
 * The cohort report: one self-contained HTML page (figures embedded as PNG) with the aging study's
 * overview of Spearman rs per structure grouped by organ / bone / muscle / vessel, the strongest
 * effects as scatter plots with spline bands, box plots by the paper's age quartiles and reference
 * centile charts, and a QC section (scans that failed and why, structures excluded).
 */
public final class StudyReport {
    private static final int STRONGEST = 4;

    private StudyReport() {
    }

    /**
     * What the QC section lists.
     *
     * @param scansOk scans measured
     * @param failedScans scan_id, error_class, error_message of every failed scan
     * @param exclusions per structure: NULL reason to count (absent, incomplete)
     * @param leftOut scans measured but left out of the statistics (no usable age or sex), with the reason
     */
    public record Qc(long scansOk, List<String[]> failedScans, Map<String, Map<String, Long>> exclusions,
                     Map<String, String> leftOut) {
    }

    /** The page. */
    public static String html(PopulationStudy.Result study, String batch, boolean excludedFlagged,
                              List<StructureObservation> observations, Qc qc) {
        AgingStudy.Result result = study.paper();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>cohortseg aging study</title>")
                .append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("font-size:13px;text-align:right}th{background:#f3f3f3}td.t{text-align:left}")
                .append("img{display:block;margin:1em 0;max-width:100%}</style></head><body>\n");
        h.append("<h1>How the body ages: cohort report</h1>\n");
        h.append(String.format(Locale.ROOT, "<p>%d scans measured, %d failed; %d structures; Spearman rank correlation "
                + "with age per structure, Bonferroni over %d tests (the aging study's method), with regressions, "
                + "spline trajectories and reference centiles.</p>%n", qc.scansOk(), qc.failedScans().size(),
                structures(result).size(), defined(result)));
        overview(h, result);
        strongest(h, result, observations);
        ModelSections.all(h, study, batch);
        qcSection(h, result, qc);
        ModelSections.qcFlags(h, study.qcFlags(), excludedFlagged);
        h.append("<h2>Methods</h2><p>Spearman rs and p as R's cor.test(method = \"spearman\", exact = FALSE); "
                + "Bonferroni and Benjamini-Hochberg over every structure x measure x stratum; regression measure ~ age "
                + "(+ sex in the all stratum, + covariates); natural cubic splines with knots at the age quartiles; "
                + "reference centiles from a Gaussian location-scale model with spline mean and spline SD. Age groups: "
                + escape(AgeGroups.describe(AgeGroups.Scheme.PAPER)) + ".</p>\n</body></html>\n");
        return h.toString();
    }

    private static List<String> structures(AgingStudy.Result r) {
        return r.associations().stream().map(a -> a.association().structure()).distinct().toList();
    }

    private static long defined(AgingStudy.Result r) {
        return r.associations().stream().filter(a -> a.pBonferroni() != null).count();
    }

    private static void overview(StringBuilder h, AgingStudy.Result r) {
        h.append("<h2>Overview: correlation with age per structure</h2>\n");
        for (Measure measure : Measure.values()) {
            Map<String, Double> rho = new LinkedHashMap<>();
            Map<String, StructureCategory> category = new HashMap<>();
            for (AgingStudy.Association a : r.associations()) {
                AgeAssociation x = a.association();
                if (x.measure() == measure && x.stratum() == Stratum.ALL && x.spearman().present()) {
                    rho.put(x.structure(), x.spearman().value().estimate());
                    StructureCategory.ofLabel(a.category()).ifPresent(c -> category.put(x.structure(), c));
                }
            }
            // In category order; a structure whose table label is no category comes first.
            List<String> order = new ArrayList<>(rho.keySet());
            order.sort(Comparator.comparing((String s) -> category.get(s),
                    Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(s -> -rho.get(s)));
            String title = measure.title();
            image(h, title + ": Spearman rs with age, by category", Charts.spearmanBars(title, order, rho, category));
        }
        h.append("<table><tr><th>structure</th><th>measure</th><th>n</th><th>rs</th><th>p (Bonferroni)</th>"
                + "<th>q (BH)</th><th>slope per decade [95 % CI]</th></tr>\n");
        for (AgingStudy.Association a : r.significantOverall()) {
            AgeAssociation x = a.association();
            var fit = x.regression().value();
            int age = fit == null ? -1 : fit.index("age");
            h.append(String.format(Locale.ROOT, "<tr><td class=\"t\">%s</td><td class=\"t\">%s</td><td>%d</td><td>%.2f</td>"
                    + "<td>%.2g</td><td>%.2g</td><td>%s</td></tr>%n", escape(x.structure()), x.measure().column(), x.n(),
                    x.spearman().value().estimate(), a.pBonferroni(), a.qBh(), fit == null ? "" : String.format(Locale.ROOT,
                            "%.3g [%.3g, %.3g]", 10 * fit.coefficients()[age], 10 * fit.ciLow()[age], 10 * fit.ciHigh()[age])));
        }
        h.append("</table>\n");
    }

    /** Scatter plots, box plots and centile charts of the strongest effects. */
    private static void strongest(StringBuilder h, AgingStudy.Result r, List<StructureObservation> observations) {
        h.append("<h2>Strongest effects</h2>\n");
        for (AgingStudy.Association a : r.significantOverall().stream().limit(STRONGEST).toList()) {
            String structure = a.association().structure();
            Measure measure = a.association().measure();
            String column = measure.column();
            h.append("<h3>").append(escape(structure)).append(", ").append(column).append("</h3>\n");
            Map<Boolean, double[][]> points = new HashMap<>();
            Map<String, List<Double>> groups = new TreeMap<>(AgeGroups.LABEL_ORDER);
            for (boolean male : new boolean[] {false, true}) {
                List<double[]> p = new ArrayList<>();
                for (StructureObservation o : observations) {
                    if (o.structure().equals(structure) && o.male() == male && o.value(measure) != null) {
                        p.add(new double[] {o.age(), o.value(measure)});
                        String g = AgeGroups.labels(new double[] {o.age()}, AgeGroups.Scheme.PAPER)[0];
                        groups.computeIfAbsent(g, k -> new ArrayList<>()).add(o.value(measure));
                    }
                }
                points.put(male, p.toArray(new double[0][]));
            }
            Map<Boolean, double[][]> band = new HashMap<>();
            for (boolean male : new boolean[] {false, true}) {
                band.put(male, r.trajectories().stream().filter(t -> t.structure().equals(structure)
                        && t.measure() == measure && t.sex() == Stratum.of(male))
                        .map(t -> new double[] {t.age(), t.fit(), t.lower(), t.upper()}).toArray(double[][]::new));
            }
            image(h, structure + " " + column + " by age with spline fits",
                    Charts.scatterWithTrajectory(structure + ": " + column + " by age", column, points, band));
            image(h, structure + " " + column + " by age quartile",
                    Charts.boxPlots(structure + ": " + column + " by age quartile", column, groups));
            for (boolean male : new boolean[] {false, true}) {
                Stratum sex = Stratum.of(male);
                double[][] c = r.centiles().stream().filter(x -> x.structure().equals(structure)
                        && x.measure() == measure && x.sex() == sex).map(x -> {
                            double[] row = new double[6];
                            row[0] = x.age();
                            System.arraycopy(x.centiles(), 0, row, 1, 5);
                            return row;
                        }).toArray(double[][]::new);
                if (c.length > 0) {
                    image(h, structure + " " + column + " reference centiles, " + sex.label(),
                            Charts.centileChart(structure + ": reference centiles, " + (male ? "men" : "women"), column,
                                    points.get(male), c, male));
                }
            }
        }
    }

    private static void qcSection(StringBuilder h, AgingStudy.Result r, Qc qc) {
        h.append("<h2>Quality control</h2>\n<h3>Scans that failed</h3>\n");
        if (qc.failedScans().isEmpty()) {
            h.append("<p>None.</p>\n");
        } else {
            h.append("<table><tr><th>scan</th><th>error</th><th>message</th></tr>\n");
            for (String[] f : qc.failedScans()) {
                h.append("<tr><td class=\"t\">").append(escape(f[0])).append("</td><td class=\"t\">").append(escape(f[1]))
                        .append("</td><td class=\"t\">").append(escape(f[2])).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<h3>Scans left out of the statistics (age or sex)</h3>\n");
        if (qc.leftOut().isEmpty()) {
            h.append("<p>None.</p>\n");
        } else {
            h.append("<table><tr><th>scan</th><th>why</th></tr>\n");
            qc.leftOut().forEach((scan, why) -> h.append("<tr><td class=\"t\">").append(escape(scan))
                    .append("</td><td class=\"t\">").append(escape(why)).append("</td></tr>\n"));
            h.append("</table>\n");
        }
        h.append("<h3>Structures excluded</h3>\n<table><tr><th>structure</th><th>absent</th><th>incomplete "
                + "(within 3 voxels of the border)</th><th>implausibly small</th></tr>\n");
        for (Map.Entry<String, Map<String, Long>> e : qc.exclusions().entrySet()) {
            h.append(String.format(Locale.ROOT, "<tr><td class=\"t\">%s</td><td>%d</td><td>%d</td><td>%d</td></tr>%n",
                    escape(e.getKey()), e.getValue().getOrDefault("absent", 0L), e.getValue().getOrDefault("incomplete", 0L),
                    r.excludedImplausible().getOrDefault(e.getKey(), 0)));
        }
        h.append("</table>\n");
    }

    static void image(StringBuilder h, String alt, byte[] png) {
        h.append("<img alt=\"").append(escape(alt)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\">\n");
    }

    static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
