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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cohortseg stats}: the aging study over the tables of a cohort run, with the report. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Age associations, age groups, trajectories, centiles and z-scores (Parquet) and report.html.")
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

    @Mixin
    SparkMasterMixin master;

    @Option(names = "--catalog", paramLabel = "NAME", description = "Also register every statistics table in this catalog "
            + "database, as NAME.<table> (NAME.age_associations, NAME.scan_centiles, ...).")
    CatalogName catalog;

    @Override
    public Integer call() throws Exception {
        Map<String, Double> minimum = minVolume == null ? Map.of()
                : new com.fasterxml.jackson.databind.ObjectMapper().readValue(Files.readAllBytes(minVolume),
                        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Double>>() { });
        AgingStudy.Config defaults = AgingStudy.Config.defaults();
        AgingStudy.Config config = new AgingStudy.Config(covariates, minimum, ageGroups, defaults.gridAges());
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
