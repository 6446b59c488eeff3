package org.cohortseg.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cohortseg.jobs.CatalogName;
import org.cohortseg.jobs.CatalogTables;
import org.cohortseg.jobs.StatsJob;
import org.cohortseg.stats.AgeGroups;
import org.cohortseg.stats.AgingStudy;
import org.cohortseg.stats.CentileCharts;
import org.cohortseg.stats.ComBat;
import org.cohortseg.stats.OrganAge;
import org.cohortseg.stats.PopulationStudy;
import org.cohortseg.stats.SpearmanBootstrap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cohortseg stats}: the aging study over the tables of a cohort run, with the report. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Age associations, age groups, trajectories, centiles, z-scores, skew-aware charts, adjusted "
                + "associations, harmonisation, organ age, within-person change and QC flags (Parquet) and report.html.")
public final class StatsCommand implements Callable<Integer> {
    @Option(names = "--tables", required = true, description = "Folder with scans/ and measurements/ (from segment).")
    String tables;

    @Option(names = "--out", required = true, description = "Output folder (any Hadoop FS).")
    String out;

    @Option(names = "--covariates", split = ",", description = "Columns of the scans table added to the regressions, e.g. scanner.")
    List<String> covariates = List.of();

    @Option(names = "--min-volume", description = "JSON file {structure: minimum plausible volume in ml}; smaller "
            + "segmentations count as failed, as in the aging study.")
    Path minVolume;

    @Option(names = "--age-groups", defaultValue = "PAPER",
            description = "PAPER (<41, 41-59, 59-78, >78), SAMPLE_QUARTILES or DECADES (default: ${DEFAULT-VALUE}).")
    AgeGroups.Scheme ageGroups;

    @Option(names = "--centile-model", defaultValue = "AUTO", description = "Chart model of scan_centiles: AUTO (the "
            + "best calibrated per chart), GAUSSIAN, QUANTILE or SHASH (default: ${DEFAULT-VALUE}).")
    ChartModel centileModel;

    @Option(names = "--harmonize", paramLabel = "COLUMN", description = "Harmonise volumes and HU across the levels of "
            + "this scans column (e.g. scanner) with ComBat, age, sex and the other covariates protected.")
    String harmonize;

    @Option(names = "--harmonize-prior", defaultValue = "PARAMETRIC",
            description = "ComBat's empirical Bayes prior: PARAMETRIC or NONPARAMETRIC (default: ${DEFAULT-VALUE}).")
    ComBat.Prior prior;

    @Option(names = "--height-column", defaultValue = "height_cm", description = "Scans column with body height for "
            + "the allometric scaling of volumes, used when present (default: ${DEFAULT-VALUE}).")
    String heightColumn;

    @Option(names = "--bootstrap", defaultValue = "2000",
            description = "Bootstrap resamples of each rs (0: none; default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "20261202", description = "Seed of the bootstrap and the organ-age folds "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--organ-systems", paramLabel = "FILE.json", description = "JSON {system: [structures]} grouping "
            + "structures into organ systems for organ age (default: the categories organ, bone, muscle, vessel; "
            + "conf/organ_systems/total_v2.json groups TotalSegmentator v2's 117 structures).")
    Path organSystems;

    @Option(names = "--exclude-flagged", description = "Leave out the structures QC flags (vertebra order, volume "
            + "outside the chart, left/right ratio) before the statistics.")
    boolean excludeFlagged;

    @Mixin
    SparkMasterMixin master;

    /** The chart model choice: one model, or the best calibrated. */
    enum ChartModel { AUTO, GAUSSIAN, QUANTILE, SHASH }

    @Option(names = "--catalog", paramLabel = "NAME", description = "Also register every statistics table in this catalog "
            + "database, as NAME.<table> (NAME.age_associations, NAME.scan_centiles, ...).")
    CatalogName catalog;

    @Override
    public Integer call() throws Exception {
        Map<String, Double> minimum = minVolume == null ? Map.of()
                : new com.fasterxml.jackson.databind.ObjectMapper().readValue(Files.readAllBytes(minVolume),
                        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Double>>() { });
        AgingStudy.Config defaults = AgingStudy.Config.defaults();
        AgingStudy.Config paper = new AgingStudy.Config(covariates, minimum, ageGroups, defaults.gridAges());
        PopulationStudy.Config config = new PopulationStudy.Config(paper,
                centileModel == ChartModel.AUTO ? null : CentileCharts.Model.valueOf(centileModel.name()), harmonize, prior,
                heightColumn, bootstrap == 0 ? null : new SpearmanBootstrap.Settings(bootstrap, seed),
                organSystems == null ? Map.of() : OrganSystems.read(organSystems),
                OrganAge.Config.defaults().withSeed(seed), excludeFlagged);
        try (SparkSessions spark = master.open(catalog)) {
            StatsJob.Summary s = StatsJob.run(spark.get(), tables, out, config, System.out);
            if (catalog != null) {
                new CatalogTables(spark.get(), catalog, System.out).registerStatsTables(out);
            }
            System.out.println("report: " + s.report());
            return 0;
        }
    }
}
