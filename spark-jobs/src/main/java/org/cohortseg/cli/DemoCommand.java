package org.cohortseg.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.SparkSession;
import org.cohortseg.engine.ModelSpecLoader;
import org.cohortseg.io.Csv;
import org.cohortseg.jobs.CohortJob;
import org.cohortseg.jobs.EngineSettings;
import org.cohortseg.jobs.RunSettings;
import org.cohortseg.jobs.StatsJob;
import org.cohortseg.labels.LabelMap;
import org.cohortseg.measure.DiceScores;
import org.cohortseg.nifti.NiftiReader;
import org.cohortseg.phantom.PhantomCohort;
import org.cohortseg.phantom.PhantomModel;
import org.cohortseg.stats.AgeGroups;
import org.cohortseg.stats.AgingStudy;
import org.cohortseg.stats.ComBat;
import org.cohortseg.stats.PopulationStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cohortseg demo}: the whole study on the embedded default. Generates a phantom cohort,
 * segments and measures it with the phantom model on embedded local Spark, checks the
 * segmentations against the ground truth, computes the aging statistics and the report, and prints
 * where everything is and the headline findings.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Phantom cohort -> segmentation on local Spark -> tables -> aging statistics and report.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "cohortseg-demo", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--n", defaultValue = "40", description = "Phantom scans (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    SparkMasterMixin master;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        Path cohort = out.resolve("cohort");
        Path tables = out.resolve("tables");
        int cores = Runtime.getRuntime().availableProcessors();
        new PhantomCohort(PhantomModel.standard(), seed, new double[] {3, 3, 3}, false).write(cohort, n, cores);
        System.out.printf(Locale.ROOT, "1/4 phantom cohort: %d scans with ground truth in %s%n", n, cohort);
        try (SparkSessions session = master.open()) {
            SparkSession spark = session.get();
            RunSettings run = RunSettings.of(cohort.resolve("manifest.csv").toString(), tables.toString()).withMasks(true);
            CohortJob.Summary summary = CohortJob.run(spark, run, EngineSettings.of("phantom"), System.out);
            System.out.printf(Locale.ROOT, "2/4 segmented on local Spark: tables in %s/scans and %s/measurements%n", tables, tables);
            double dice = meanDice(cohort, tables);
            System.out.printf(Locale.ROOT, "3/4 checked against the ground truth: mean Dice %.3f over %d scans%n", dice, summary.ok());
            AgingStudy.Config paper = new AgingStudy.Config(List.of("scanner", "contrast"), Map.of(), AgeGroups.Scheme.PAPER,
                    AgingStudy.Config.defaults().gridAges());
            StatsJob.Summary stats = StatsJob.run(spark, tables.toString(), out.resolve("stats").toString(),
                    PopulationStudy.Config.of(paper).withHarmonization("scanner", ComBat.Prior.PARAMETRIC), System.out);
            System.out.printf(Locale.ROOT, "4/4 aging statistics in %s, report: %s%n", out.resolve("stats"), stats.report());
            System.out.println("headline findings (Spearman rs with age, all subjects, Bonferroni over the family):");
            stats.result().significantOverall().stream()
                    .limit(8)
                    .forEach(a -> System.out.printf(Locale.ROOT, "  %-20s %-9s rs = %+.2f  p_bonferroni = %.1e  (n = %d)%n",
                            a.association().structure(), a.association().measure().column(),
                            a.association().spearman().value().estimate(), a.pBonferroni(), a.association().n()));
            Headlines.print(stats.study(), System.out);
            System.out.printf(Locale.ROOT, "done in %.0f s. Query the tables with Spark SQL: bin/cohortseg sql --tables %s "
                    + "--stats %s notebooks/02_aging_table.sql%n", (System.nanoTime() - start) / 1e9, tables, out.resolve("stats"));
            return summary.exitCode();
        }
    }

    /** Mean over OK scans of the mean Dice between the written masks and the ground truth. */
    static double meanDice(Path cohort, Path tables) throws Exception {
        LabelMap labels = ModelSpecLoader.load("phantom").labelMap();
        NiftiReader reader = new NiftiReader();
        double sum = 0;
        int scans = 0;
        for (CSVRecord scan : Csv.read(cohort.resolve("manifest.csv"))) {
            Path mask = tables.resolve("masks/" + scan.get("scan_id") + ".nii.gz");
            if (Files.exists(mask)) {
                sum += DiceScores.of(reader.read(mask), reader.read(cohort.resolve(scan.get("label_path"))), labels).mean();
                scans++;
            }
        }
        return scans == 0 ? Double.NaN : sum / scans;
    }
}
