package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code cohortseg stats} computes over a measurement table: the aging study of the paper
 * ({@link AgingStudy}) and the analyses population studies report beyond it: skew-aware reference
 * charts, QC flags, adjusted associations, harmonisation across scanners, organ age and within-person
 * change.
 *
 * <p>The cross-sectional analyses see one scan per subject ({@link Baseline}); QC flags every scan and
 * the longitudinal model uses them all. With {@code excludeFlagged}, the flagged structures of a scan
 * are dropped after QC and the charts are fitted again without them.
 */
public final class PopulationStudy {
    private PopulationStudy() {
    }

    /**
     * Settings.
     *
     * @param paper the aging study's settings (covariates, minimum volumes, age groups, grid)
     * @param centileModel the chart model of every scan's centile, or null for the best calibrated
     * @param harmonizeBy the scan covariate whose levels ComBat harmonises (e.g. scanner), or null
     * @param prior ComBat's prior
     * @param heightCovariate the scan covariate holding body height for the allometry, or null
     * @param bootstrap resampling of rs, or null
     * @param organSystems structure to organ system (structures not named: their category)
     * @param organAge the organ-age models' settings
     * @param excludeFlagged drop what QC flags before the statistics
     */
    public record Config(AgingStudy.Config paper, CentileCharts.Model centileModel, String harmonizeBy,
                         ComBat.Prior prior, String heightCovariate, SpearmanBootstrap.Settings bootstrap,
                         Map<String, String> organSystems, OrganAge.Config organAge, boolean excludeFlagged) {
        public Config {
            organSystems = Map.copyOf(organSystems);
        }

        /** The paper's settings with every default beyond it: best charts, no harmonisation, 2000 resamples. */
        public static Config of(AgingStudy.Config paper) {
            return new Config(paper, null, null, ComBat.Prior.PARAMETRIC, "height_cm",
                    SpearmanBootstrap.Settings.seeded(20261202L), Map.of(), OrganAge.Config.defaults(), false);
        }

        /** The same settings, harmonising across the levels of {@code covariate}. */
        public Config withHarmonization(String covariate, ComBat.Prior prior) {
            return new Config(paper, centileModel, covariate, prior, heightCovariate, bootstrap, organSystems, organAge,
                    excludeFlagged);
        }

        /** The same settings, leaving out (or keeping) what QC flags. */
        public Config withExcludeFlagged(boolean exclude) {
            return new Config(paper, centileModel, harmonizeBy, prior, heightCovariate, bootstrap, organSystems,
                    organAge, exclude);
        }
    }

    /**
     * The results.
     *
     * @param paper the aging study
     * @param centiles the reference charts and every baseline scan on them
     * @param qcFlags what QC found (before any exclusion)
     * @param adjusted adjusted associations per structure x measure
     * @param harmonization ComBat's values and checks (empty when not requested)
     * @param organAge organ age per system and scan
     * @param longitudinal within-person change per structure x measure
     */
    public record Result(AgingStudy.Result paper, CentileStudy.Result centiles, List<QcFinding> qcFlags,
                         List<AdjustedStudy.Row> adjusted, HarmonizationStudy.Result harmonization,
                         OrganAgeStudy.Result organAge, List<LongitudinalEffects.Adjusted> longitudinal) {
    }

    /** Runs every analysis over the observations of all scans. */
    public static Result run(List<StructureObservation> observations, Config config) {
        List<StructureObservation> all = observations;
        List<StructureObservation> baseline = Baseline.of(all);
        CentileStudy.Result charts = CentileStudy.run(baseline, config.centileModel());
        List<QcFinding> flags = QcStudy.run(all, charts.volumeLookup());
        if (config.excludeFlagged()) {
            all = QcStudy.withoutFlagged(all, flags);
            baseline = Baseline.of(all);
            charts = CentileStudy.run(baseline, config.centileModel());
        }
        List<String> covariates = config.paper().covariates();
        HarmonizationStudy.Result harmonization = config.harmonizeBy() == null
                ? new HarmonizationStudy.Result(List.of(), List.of(), Map.of())
                : HarmonizationStudy.run(baseline, new HarmonizationStudy.Config(config.harmonizeBy(), config.prior(),
                        without(covariates, config.harmonizeBy())));
        return new Result(AgingStudy.run(baseline, config.paper()), charts, flags,
                AdjustedStudy.run(baseline, new AdjustedStudy.Config(covariates, config.heightCovariate(),
                        config.bootstrap())),
                harmonization, OrganAgeStudy.run(baseline, config.organSystems(), config.organAge()),
                LongitudinalStudy.run(all));
    }

    private static List<String> without(List<String> names, String name) {
        List<String> out = new ArrayList<>(names);
        out.remove(name);
        return out;
    }
}
