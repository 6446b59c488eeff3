package org.cohortseg.jobs;

import java.util.List;
import java.util.function.Function;
import org.cohortseg.stats.AgingStudy.Association;
import org.cohortseg.stats.AgingStudy.CentilePoint;
import org.cohortseg.stats.AgingStudy.GroupRow;
import org.cohortseg.stats.AgingStudy.TrajectoryPoint;
import org.cohortseg.stats.AgingStudy.ZScore;
import org.cohortseg.stats.Correlation;
import org.cohortseg.stats.KruskalWallis;
import org.cohortseg.stats.LinearFit;

/**
 * The statistics tables written by {@code cohortseg stats}, declared column by column
 * ({@link TableColumns}): names, schema, rows and the README's column lists come from here.
 */
public final class StatsTables {
    public static final StatsTable<Association> ASSOCIATIONS = new StatsTable<>("age_associations",
            TableColumns.<Association>of(
            Column.text("structure", x -> x.association().structure(), "structure name"),
            Column.text("category", Association::category, "organ, bone, muscle or vessel"),
            Column.text("measure", x -> x.association().measure().column(), "`volume_ml` or `mean_hu`"),
            Column.text("stratum", x -> x.association().stratum().label(), "`all`, `female` or `male`"),
            Column.integer("n", x -> x.association().n(), "scans with a value"),
            spearman("spearman_rho", Correlation::estimate, "Spearman's rs with age"),
            spearman("spearman_p", Correlation::pValue,
                    "its p-value (R's `cor.test(method = \"spearman\", exact = FALSE)`)"),
            pearson("pearson_r", Correlation::estimate, "Pearson's r with age"),
            pearson("pearson_p", Correlation::pValue, "its p-value"),
            pearson("pearson_ci_low", Correlation::ciLow, "lower end of its 95% confidence interval (Fisher z)"),
            pearson("pearson_ci_high", Correlation::ciHigh, "upper end of its 95% confidence interval (Fisher z)"),
            ageTerm("slope", f -> f.coefficients()[f.index("age")],
                    "change per year: OLS of measure ~ age, + sex in `all`, + the `--covariates`"),
            ageTerm("slope_per_decade", f -> 10 * f.coefficients()[f.index("age")], "the same per decade"),
            ageTerm("slope_se", f -> f.standardErrors()[f.index("age")], "standard error of the slope"),
            ageTerm("slope_p", f -> f.p()[f.index("age")], "p-value of the slope"),
            ageTerm("slope_ci_low", f -> f.ciLow()[f.index("age")], "lower end of the slope's 95% confidence interval"),
            ageTerm("slope_ci_high", f -> f.ciHigh()[f.index("age")], "upper end of the slope's 95% confidence interval"),
            ageTerm("r_squared", LinearFit::rSquared, "R² of the regression"),
            Column.real("p_bonferroni", Association::pBonferroni, "Spearman p, Bonferroni over the whole family"),
            Column.real("q_bh", Association::qBh, "Spearman p, Benjamini-Hochberg over the whole family"),
            Column.text("null_reason", StatsTables::nullReason, "why the estimates are NULL (never NaN)")));

    public static final StatsTable<GroupRow> GROUPS = new StatsTable<>("age_groups",
            TableColumns.<GroupRow>of(
            Column.text("structure", GroupRow::structure, "structure name"),
            Column.text("measure", g -> g.measure().column(), "`volume_ml` or `mean_hu`"),
            Column.text("stratum", g -> g.stratum().label(), "`all`, `female` or `male`"),
            Column.text("age_group", g -> g.group().group(), "the age group (`--age-groups`)"),
            Column.integer("n", g -> g.group().n(), "scans in the group"),
            Column.real("mean", g -> g.group().mean(), "mean of the measure"),
            Column.real("sd", g -> g.group().sd(), "its standard deviation"),
            Column.real("median", g -> g.group().median(), "median"),
            Column.real("q1", g -> g.group().q1(), "first quartile"),
            Column.real("q3", g -> g.group().q3(), "third quartile"),
            kruskalWallis("kruskal_wallis_h", KruskalWallis::statistic, "Kruskal-Wallis H across the groups"),
            kruskalWallis("kruskal_wallis_p", KruskalWallis::pValue, "its p-value")));

    public static final StatsTable<TrajectoryPoint> TRAJECTORIES = new StatsTable<>("trajectories",
            TableColumns.<TrajectoryPoint>of(
            Column.text("structure", TrajectoryPoint::structure, "structure name"),
            Column.text("measure", t -> t.measure().column(), "`volume_ml` or `mean_hu`"),
            Column.text("sex", t -> t.sex().label(), "`female` or `male`"),
            Column.real("age", TrajectoryPoint::age, "age (years)"),
            Column.real("fit", TrajectoryPoint::fit, "natural cubic spline of the measure on age (knots at the age quartiles)"),
            Column.real("lower_95", TrajectoryPoint::lower, "lower end of the fit's 95% confidence band"),
            Column.real("upper_95", TrajectoryPoint::upper, "upper end of the fit's 95% confidence band")));

    public static final StatsTable<CentilePoint> CENTILES = new StatsTable<>("centiles",
            TableColumns.<CentilePoint>of(
            Column.text("structure", CentilePoint::structure, "structure name"),
            Column.text("measure", c -> c.measure().column(), "`volume_ml` or `mean_hu`"),
            Column.text("sex", c -> c.sex().label(), "`female` or `male`"),
            Column.real("age", CentilePoint::age, "age (years)"),
            centile("p5", 0), centile("p25", 1), centile("p50", 2), centile("p75", 3), centile("p95", 4)));

    public static final StatsTable<ZScore> ZSCORES = new StatsTable<>("scan_zscores",
            TableColumns.<ZScore>of(
            Column.text("scan_id", ZScore::scanId, "scan"),
            Column.text("structure", ZScore::structure, "structure name"),
            Column.text("measure", z -> z.measure().column(), "`volume_ml` or `mean_hu`"),
            Column.text("sex", z -> z.sex().label(), "`female` or `male`: the chart the scan is placed on"),
            Column.real("age", ZScore::age, "the scan's age"),
            Column.real("value", ZScore::value, "the scan's measure"),
            Column.real("z_score", ZScore::zScore, "its z-score against the chart at that age"),
            Column.real("centile", ZScore::centile, "its centile (0-100)")));

    /** Every table {@code cohortseg stats} writes, the paper's first, then {@link ModelTables}'. */
    public static final List<StatsTable<?>> ALL = List.of(ASSOCIATIONS, GROUPS, TRAJECTORIES, CENTILES, ZSCORES,
            ModelTables.CENTILE_MODELS, ModelTables.SCAN_CENTILES, ModelTables.ADJUSTED_ASSOCIATIONS,
            ModelTables.HARMONIZED_MEASUREMENTS, ModelTables.HARMONIZATION_CHECKS, ModelTables.ORGAN_AGE,
            ModelTables.ORGAN_AGE_FOLDS, ModelTables.LONGITUDINAL_EFFECTS, ModelTables.QC_FLAGS);

    private StatsTables() {
    }

    private static Column<Association> spearman(String name, Function<Correlation, Double> value, String doc) {
        return Column.real(name, x -> present(x.association().spearman().value(), value), doc);
    }

    private static Column<Association> pearson(String name, Function<Correlation, Double> value, String doc) {
        return Column.real(name, x -> present(x.association().pearson().value(), value), doc);
    }

    private static Column<Association> ageTerm(String name, Function<LinearFit, Double> value, String doc) {
        return Column.real(name, x -> present(x.association().regression().value(), value), doc);
    }

    private static Column<GroupRow> kruskalWallis(String name, Function<KruskalWallis, Double> value, String doc) {
        return Column.real(name, g -> present(g.kruskalWallis().value(), value), doc);
    }

    private static Column<CentilePoint> centile(String name, int k) {
        return Column.real(name, c -> c.centiles()[k], name.substring(1) + "th centile (Gaussian location-scale model, "
                + "spline mean and spline SD)");
    }

    private static <T> Double present(T estimate, Function<T, Double> value) {
        return estimate == null ? null : value.apply(estimate);
    }

    /** The first reason an estimate is missing: Spearman's, else the regression's. */
    private static String nullReason(Association x) {
        return x.association().spearman().present()
                ? (x.association().regression().present() ? null : x.association().regression().reason())
                : x.association().spearman().reason();
    }
}
