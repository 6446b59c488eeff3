package org.cohortseg.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.cohortseg.stats.AdjustedAssociation;
import org.cohortseg.stats.AdjustedStudy;
import org.cohortseg.stats.CentileStudy;
import org.cohortseg.stats.Contrast;
import org.cohortseg.stats.Estimate;
import org.cohortseg.stats.HarmonizationCheck.BatchEffect;
import org.cohortseg.stats.HarmonizationStudy;
import org.cohortseg.stats.LongitudinalEffect.Slopes;
import org.cohortseg.stats.LongitudinalEffects;
import org.cohortseg.stats.OrganAgeStudy;
import org.cohortseg.stats.QcFinding;

/**
 * The statistics tables beyond the paper's ({@link StatsTables} has those): adjusted associations,
 * harmonisation, organ age, longitudinal change, skew-aware centiles and QC flags.
 */
public final class ModelTables {
    private static final String MEASURE_DOC = "`volume_ml` or `mean_hu`";

    public static final StatsTable<CentileStudy.ModelRow> CENTILE_MODELS = new StatsTable<>("centile_models",
            TableColumns.<CentileStudy.ModelRow>of(
                    Column.text("structure", CentileStudy.ModelRow::structure, "structure name"),
                    Column.text("measure", m -> m.measure().column(), MEASURE_DOC),
                    Column.text("sex", m -> m.sex().label(), "`female` or `male`"),
                    Column.text("model", m -> m.row().model(), "`gaussian` (spline mean and SD), `quantile` "
                            + "(quantreg::rq on ns(age)) or `shash` (mgcv shash location-scale-shape)"),
                    Column.integer("n", m -> m.row().n(), "scans the chart is fitted to (one per subject)"),
                    Column.real("calibration_score", m -> m.row().calibrationScore(), "mean |share of scans below "
                            + "centile - nominal| (percentage points) over centiles 5-95 and age quartiles, 5-fold "
                            + "cross-fitted: lower is better"),
                    Column.bool("chosen", m -> m.row().chosen(), "the best calibrated model (ties: the simpler)"),
                    Column.text("description", m -> m.row().description(),
                            "shash parameters at the median age, or why there is no chart")));

    public static final StatsTable<CentileStudy.ScanCentile> SCAN_CENTILES = new StatsTable<>("scan_centiles",
            TableColumns.<CentileStudy.ScanCentile>of(
                    Column.text("scan_id", CentileStudy.ScanCentile::scanId, "scan"),
                    Column.text("structure", CentileStudy.ScanCentile::structure, "structure name"),
                    Column.text("measure", c -> c.measure().column(), MEASURE_DOC),
                    Column.text("sex", c -> c.sex().label(), "`female` or `male`: the chart"),
                    Column.real("age", CentileStudy.ScanCentile::age, "the scan's age"),
                    Column.real("value", CentileStudy.ScanCentile::value, "the scan's measure"),
                    Column.text("model", CentileStudy.ScanCentile::model, "the chart's model (`--centile-model`)"),
                    Column.real("centile", CentileStudy.ScanCentile::centile, "the scan's centile (0-100)"),
                    Column.real("z_score", CentileStudy.ScanCentile::zScore, "its normal score")));

    public static final StatsTable<AdjustedStudy.Row> ADJUSTED_ASSOCIATIONS = new StatsTable<>("adjusted_associations",
            TableColumns.<AdjustedStudy.Row>of(
                    Column.text("structure", AdjustedStudy.Row::structure, "structure name"),
                    Column.text("measure", r -> r.measure().column(), MEASURE_DOC),
                    Column.integer("n", r -> r.association().n(), "scans with a value (one per subject)"),
                    Column.text("adjusted_for", r -> String.join(", ", r.association().adjustedFor()),
                            "what the partial correlation is adjusted for (`male`, then covariate indicators)"),
                    adjusted("partial_spearman_rho", AdjustedAssociation::partialSpearman, p -> p.estimate(),
                            "partial Spearman correlation of age and the measure given `adjusted_for` (ppcor)"),
                    adjusted("partial_spearman_p", AdjustedAssociation::partialSpearman, p -> p.pValue(),
                            "its p-value (t on n - 2 - k df)"),
                    adjusted("age_sex_interaction", AdjustedAssociation::ageBySex, c -> c.estimate(),
                            "men's minus women's change per year: age:male of measure ~ age * sex + covariates"),
                    adjusted("age_sex_interaction_se", AdjustedAssociation::ageBySex, c -> c.standardError(),
                            "its standard error"),
                    adjusted("age_sex_interaction_p", AdjustedAssociation::ageBySex, c -> c.pValue(), "its p-value"),
                    adjusted("allometric_exponent", AdjustedAssociation::allometry, a -> a.exponent().estimate(),
                            "b of log(volume) ~ b log(height) + age + sex + covariates (volumes, with a height)"),
                    adjusted("allometric_exponent_ci_low", AdjustedAssociation::allometry, a -> a.exponent().ciLow(),
                            "lower end of its 95% confidence interval"),
                    adjusted("allometric_exponent_ci_high", AdjustedAssociation::allometry,
                            a -> a.exponent().ciHigh(), "upper end of its 95% confidence interval"),
                    adjusted("normalised_spearman_rho", AdjustedAssociation::allometry,
                            a -> a.normalisedAgeSpearman().present() ? a.normalisedAgeSpearman().value().estimate()
                                    : null, "Spearman rs of age with volume / height^b"),
                    adjusted("spearman_rho_boot_low", AdjustedAssociation::spearmanBootstrap, i -> i.ciLow(),
                            "lower end of the bootstrap percentile 95% interval of rs (seeded)"),
                    adjusted("spearman_rho_boot_high", AdjustedAssociation::spearmanBootstrap, i -> i.ciHigh(),
                            "upper end of that interval"),
                    Column.text("notes", r -> reasons(r.association()), "why a statistic is NULL")));

    public static final StatsTable<HarmonizationStudy.Value> HARMONIZED_MEASUREMENTS = new StatsTable<>(
            "harmonized_measurements", TableColumns.<HarmonizationStudy.Value>of(
                    Column.text("scan_id", HarmonizationStudy.Value::scanId, "scan"),
                    Column.text("structure", HarmonizationStudy.Value::structure, "structure name"),
                    Column.text("measure", v -> v.measure().column(), MEASURE_DOC),
                    Column.text("batch", HarmonizationStudy.Value::batch, "the scan's batch (`--harmonize` column)"),
                    Column.real("value", HarmonizationStudy.Value::value, "the measure as measured"),
                    Column.real("value_harmonized", HarmonizationStudy.Value::harmonised,
                            "after ComBat (sva::ComBat), age, sex and the `--covariates` protected")));

    public static final StatsTable<HarmonizationStudy.Check> HARMONIZATION_CHECKS = new StatsTable<>(
            "harmonization_checks", TableColumns.<HarmonizationStudy.Check>of(
                    Column.text("structure", HarmonizationStudy.Check::structure, "structure name"),
                    Column.text("measure", c -> c.measure().column(), MEASURE_DOC),
                    Column.estimated("batch_f_before", HarmonizationStudy.Check::before, BatchEffect::f,
                            "F of batch given age, sex and covariates, before ComBat"),
                    Column.estimated("batch_p_before", HarmonizationStudy.Check::before, BatchEffect::fP,
                            "its p-value"),
                    Column.estimated("batch_f_after", HarmonizationStudy.Check::after, BatchEffect::f,
                            "the same after ComBat"),
                    Column.estimated("batch_p_after", HarmonizationStudy.Check::after, BatchEffect::fP, "its p-value"),
                    Column.estimated("scale_p_before", HarmonizationStudy.Check::before, BatchEffect::brownForsytheP,
                            "Brown-Forsythe p of scale differences between batches, before"),
                    Column.estimated("scale_p_after", HarmonizationStudy.Check::after, BatchEffect::brownForsytheP,
                            "the same after"),
                    Column.estimated("spearman_rho_before", HarmonizationStudy.Check::spearmanBefore,
                            c -> c.estimate(), "Spearman rs with age of the measured values"),
                    Column.estimated("spearman_rho_after", HarmonizationStudy.Check::spearmanAfter,
                            c -> c.estimate(), "Spearman rs with age of the harmonised values")));

    public static final StatsTable<OrganAgeStudy.Row> ORGAN_AGE = new StatsTable<>("organ_age",
            TableColumns.<OrganAgeStudy.Row>of(
                    Column.text("scan_id", r -> r.scan().scanId(), "scan"),
                    Column.text("system", OrganAgeStudy.Row::system, "organ system (category, or `--organ-systems`)"),
                    Column.text("sex", r -> r.scan().male() ? "male" : "female", "`female` or `male`: the model"),
                    Column.real("age", r -> r.scan().age(), "chronological age"),
                    Column.real("predicted_age", r -> r.scan().predictedAge(),
                            "age predicted from the system's volumes and HU (elastic net, cross-fitted)"),
                    Column.real("age_gap", r -> r.scan().ageGap(), "predicted_age - age"),
                    Column.real("age_gap_corrected", r -> r.scan().ageGapCorrected(),
                            "the gap less its age trend in the training folds (Beheshti et al. 2019)"),
                    Column.integer("fold", r -> r.scan().fold(), "the outer fold the scan was held out in")));

    public static final StatsTable<OrganAgeStudy.FoldRow> ORGAN_AGE_FOLDS = new StatsTable<>("organ_age_folds",
            TableColumns.<OrganAgeStudy.FoldRow>of(
                    Column.text("system", OrganAgeStudy.FoldRow::system, "organ system"),
                    Column.text("sex", r -> r.sex().label(), "`female` or `male`"),
                    Column.integer("fold", r -> r.fold().fold(), "outer fold"),
                    Column.integer("n_train", r -> r.fold().nTrain(), "training scans"),
                    Column.integer("n_test", r -> r.fold().nTest(), "held-out scans"),
                    Column.real("mae", r -> r.fold().mae(), "mean absolute error on the held-out scans (years)"),
                    Column.real("lambda", r -> r.fold().lambda(), "the penalty chosen by inner CV (lambda.min)"),
                    Column.integer("non_zero", r -> r.fold().nonZero(), "features with a non-zero coefficient")));

    public static final StatsTable<LongitudinalEffects.Adjusted> LONGITUDINAL_EFFECTS = new StatsTable<>(
            "longitudinal_effects", TableColumns.<LongitudinalEffects.Adjusted>of(
                    Column.text("structure", a -> a.effect().structure(), "structure name"),
                    Column.text("measure", a -> a.effect().measure().column(), MEASURE_DOC),
                    Column.integer("n_subjects", a -> a.effect().subjects(), "subjects"),
                    Column.integer("n_scans", a -> a.effect().scans(), "scans"))
            .then(slope("baseline_age", Slopes::crossSectional, "per year of baseline age: the cross-sectional effect"))
            .then(slope("years_since_baseline", Slopes::withinPerson, "per year since baseline: within-person change"))
            .then(slope("male", Slopes::male, "men minus women"))
            .then(slope("within_minus_cross", Slopes::difference,
                    "within-person minus cross-sectional slope (Wald test with the fixed-effect covariance)"))
            .then(TableColumns.<LongitudinalEffects.Adjusted>of(
                    Column.estimated("intercept_sd", a -> a.effect().slopes(), Slopes::interceptSd,
                            "SD of the subjects' random intercepts"),
                    Column.estimated("slope_sd", a -> a.effect().slopes(), Slopes::slopeSd,
                            "SD of the subjects' random slopes (years_since_baseline)"),
                    Column.estimated("intercept_slope_correlation", a -> a.effect().slopes(), Slopes::correlation,
                            "their correlation (NULL when an SD is 0)"),
                    Column.estimated("residual_sd", a -> a.effect().slopes(), Slopes::residualSd, "residual SD"),
                    Column.bool("singular", a -> a.effect().slopes().present() ? a.effect().slopes().value().singular()
                            : null, "a boundary fit (lme4's isSingular)"),
                    Column.real("p_bonferroni", LongitudinalEffects.Adjusted::pBonferroni,
                            "within-person p, Bonferroni over every structure x measure"),
                    Column.real("q_bh", LongitudinalEffects.Adjusted::qBh, "within-person p, Benjamini-Hochberg"),
                    Column.text("null_reason", a -> a.effect().slopes().reason(), "why the model has no fit"))));

    public static final StatsTable<QcFinding> QC_FLAGS = new StatsTable<>("qc_flags", TableColumns.<QcFinding>of(
            Column.text("scan_id", QcFinding::scanId, "scan"),
            Column.text("structure", QcFinding::structure, "structure name"),
            Column.text("flag", f -> f.flag().label(), "`vertebra_order`, `volume_outside_chart`, "
                    + "`left_right_ratio` or `absent_in_field_of_view`"),
            Column.text("detail", QcFinding::detail, "what was found, with the numbers")));

    private ModelTables() {
    }

    private static <E> Column<AdjustedStudy.Row> adjusted(String name,
                                                          Function<AdjustedAssociation, Estimate<E>> estimate,
                                                          Function<E, Double> value, String doc) {
        return Column.estimated(name, r -> estimate.apply(r.association()), value, doc);
    }

    /** Estimate, SE, df and p of one fixed effect (lmerTest's Satterthwaite t-test). */
    private static TableColumns<LongitudinalEffects.Adjusted> slope(String term, Function<Slopes, Contrast> contrast,
                                                                    String doc) {
        return TableColumns.of(
                Column.estimated(term, a -> a.effect().slopes(), s -> contrast.apply(s).estimate(), doc),
                Column.estimated(term + "_se", a -> a.effect().slopes(), s -> contrast.apply(s).standardError(),
                        "its standard error"),
                Column.estimated(term + "_df", a -> a.effect().slopes(), s -> contrast.apply(s).df(),
                        "its Satterthwaite degrees of freedom"),
                Column.estimated(term + "_p", a -> a.effect().slopes(), s -> contrast.apply(s).p(), "its p-value"));
    }

    private static String reasons(AdjustedAssociation a) {
        List<String> reasons = new ArrayList<>();
        for (Estimate<?> e : List.of(a.partialSpearman(), a.ageBySex(), a.allometry(), a.spearmanBootstrap())) {
            if (!e.present() && !reasons.contains(e.reason())) {
                reasons.add(e.reason());
            }
        }
        return reasons.isEmpty() ? null : String.join("; ", reasons);
    }
}
