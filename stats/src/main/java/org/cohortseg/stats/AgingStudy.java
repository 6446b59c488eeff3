package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The aging study over a measurement table: for every structure x measure x stratum (all, female,
 * male), after QC, the associations with age (the paper's Spearman rs; Pearson r; the regression
 * on age, sex and covariates) with Bonferroni and Benjamini-Hochberg over the whole family; age
 * group summaries with Kruskal-Wallis; spline trajectories with 95 % bands per sex; reference
 * centiles per sex; and every scan's z-score against them.
 *
 * <p>QC drops NULL measures and, per structure, volumes below a minimum plausible volume (the
 * paper counts such segmentations as failed), with both measures of that structure.
 */
public final class AgingStudy {
    /** Centiles of the reference charts. */
    public static final double[] CENTILES = {5, 25, 50, 75, 95};
    /** Subjects of a sex needed for a spline trajectory (5 coefficients with knots at the age quartiles). */
    public static final int MIN_TRAJECTORY = 10;

    private AgingStudy() {
    }

    /**
     * Settings.
     *
     * @param covariates covariate names added to the regressions
     * @param minVolumeMl minimum plausible volume per structure (missing: no minimum)
     * @param scheme age grouping
     * @param gridAges ages at which trajectories and centiles are tabulated
     */
    public record Config(List<String> covariates, Map<String, Double> minVolumeMl, AgeGroups.Scheme scheme,
                         double[] gridAges) {
        public Config {
            covariates = List.copyOf(covariates);
            minVolumeMl = Map.copyOf(minVolumeMl);
            gridAges = gridAges.clone();
        }

        /** No covariates or minimum volumes, the paper's age quartiles, ages 20 to 95 by 1. */
        public static Config defaults() {
            double[] grid = new double[76];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = 20 + i;
            }
            return new Config(List.of(), Map.of(), AgeGroups.Scheme.PAPER, grid);
        }
    }

    /** An association with the family-wide corrections. */
    public record Association(AgeAssociation association, String category, Double pBonferroni, Double qBh) {
    }

    /** One age group row. */
    public record GroupRow(String structure, Measure measure, Stratum stratum, AgeGroups.Group group,
                           Estimate<KruskalWallis> kruskalWallis) {
    }

    /** One point of a trajectory (fit and 95 % band); {@code sex} is a sex stratum. */
    public record TrajectoryPoint(String structure, Measure measure, Stratum sex, double age, double fit, double lower,
                                  double upper) {
    }

    /** Reference centiles at one age; {@code sex} is a sex stratum. */
    public record CentilePoint(String structure, Measure measure, Stratum sex, double age, double[] centiles) {
    }

    /** A scan's position in its reference chart; {@code sex} is a sex stratum. */
    public record ZScore(String scanId, String structure, Measure measure, Stratum sex, double age, double value,
                         double zScore, double centile) {
    }

    /** Everything the study computes, plus the QC counts. */
    public record Result(List<Association> associations, List<GroupRow> groups, List<TrajectoryPoint> trajectories,
                         List<CentilePoint> centiles, List<ZScore> zScores, Map<String, Integer> excludedImplausible) {

        /** The associations over all subjects significant after Bonferroni (p < 0.05), strongest |rs| first. */
        public List<Association> significantOverall() {
            return associations.stream()
                    .filter(a -> a.association().stratum() == Stratum.ALL && a.pBonferroni() != null && a.pBonferroni() < 0.05)
                    .sorted(Comparator.comparingDouble(a -> -Math.abs(a.association().spearman().value().estimate())))
                    .toList();
        }
    }

    /** Runs the study. */
    public static Result run(List<StructureObservation> observations, Config config) {
        Map<String, List<StructureObservation>> byStructure = new LinkedHashMap<>();
        Map<String, Integer> implausible = new LinkedHashMap<>();
        Map<String, String> category = new HashMap<>();
        for (StructureObservation o : observations) {
            category.put(o.structure(), o.category());
            Double min = config.minVolumeMl().get(o.structure());
            if (min != null && o.volumeMl() != null && o.volumeMl() < min) {
                implausible.merge(o.structure(), 1, Integer::sum);
                continue;
            }
            byStructure.computeIfAbsent(o.structure(), k -> new ArrayList<>()).add(o);
        }
        List<AgeAssociation> family = new ArrayList<>();
        List<GroupRow> groups = new ArrayList<>();
        List<TrajectoryPoint> trajectories = new ArrayList<>();
        List<CentilePoint> centiles = new ArrayList<>();
        List<ZScore> zScores = new ArrayList<>();
        byStructure.forEach((structure, list) -> {
            for (Measure measure : Measure.values()) {
                for (Stratum stratum : Stratum.values()) {
                    Series s = Series.of(structure, measure, stratum, list, config.covariates());
                    family.add(AgeAssociations.of(s));
                    AgeGroups.Result g = AgeGroups.summarise(s.values(), AgeGroups.labels(s.age(), config.scheme()));
                    g.groups().forEach(row -> groups.add(new GroupRow(structure, measure, stratum, row, g.kruskalWallis())));
                    if (stratum != Stratum.ALL) {
                        curves(s, config.gridAges(), trajectories, centiles, zScores);
                    }
                }
            }
        });
        Map<Integer, double[]> adjusted = AgeAssociations.adjust(family);
        List<Association> associations = new ArrayList<>();
        for (int i = 0; i < family.size(); i++) {
            double[] a = adjusted.get(i);
            associations.add(new Association(family.get(i), category.get(family.get(i).structure()),
                    a == null ? null : a[0], a == null ? null : a[1]));
        }
        return new Result(associations, groups, trajectories, centiles, zScores, implausible);
    }

    /**
     * Spline trajectory with band (from {@link #MIN_TRAJECTORY} subjects), and reference centiles
     * with z-scores (from {@link CentileModel}'s minimum) of one sex.
     */
    private static void curves(Series s, double[] grid, List<TrajectoryPoint> trajectories, List<CentilePoint> centiles,
                               List<ZScore> zScores) {
        double[] age = s.age();
        double[] values = s.values();
        if (s.n() < MIN_TRAJECTORY) {
            return;
        }
        Estimate<NaturalSpline> spline = NaturalSpline.fit(age, values, Quantiles.type7(age, 0.25, 0.5, 0.75));
        if (spline.present()) {
            for (double a : grid) {
                double[] p = spline.value().predict(a);
                trajectories.add(new TrajectoryPoint(s.structure(), s.measure(), s.stratum(), a, p[0], p[1], p[2]));
            }
        }
        Estimate<CentileModel> model = CentileModel.fit(age, values, spline);
        if (!model.present()) {
            return;
        }
        for (double a : grid) {
            double[] c = new double[CENTILES.length];
            for (int k = 0; k < c.length; k++) {
                c[k] = model.value().centile(a, CENTILES[k]);
            }
            centiles.add(new CentilePoint(s.structure(), s.measure(), s.stratum(), a, c));
        }
        for (int i = 0; i < values.length; i++) {
            zScores.add(new ZScore(s.scanIds().get(i), s.structure(), s.measure(), s.stratum(), age[i], values[i],
                    model.value().zScore(age[i], values[i]), model.value().centileOf(age[i], values[i])));
        }
    }
}
