package org.cohortseg.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cohortseg.engine.ModelSpecLoader;
import org.cohortseg.jobs.CohortJob;
import org.cohortseg.jobs.JobSettings;
import org.cohortseg.measure.DiceScores;
import org.cohortseg.measure.LabelMap;
import org.cohortseg.nifti.NiftiReader;
import org.cohortseg.nifti.ReadLimits;
import org.cohortseg.phantom.PhantomCohort;
import org.cohortseg.phantom.PhantomModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cohortseg demo}: the study on the embedded default. Generates a phantom cohort, segments
 * and measures it with the phantom model on embedded local Spark, checks the segmentations against
 * the ground truth, and prints where the tables are and what they hold.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Phantom cohort -> segmentation on local Spark -> Parquet tables, checked against ground truth.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "cohortseg-demo", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--n", defaultValue = "24", description = "Phantom scans (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--master", description = "Spark master (default: local[*]).")
    String master;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        Path cohort = out.resolve("cohort");
        Path tables = out.resolve("tables");
        int cores = Runtime.getRuntime().availableProcessors();
        new PhantomCohort(PhantomModel.standard(), seed, new double[] {3, 3, 3}, false).write(cohort, n, cores);
        System.out.printf(Locale.ROOT, "1/3 phantom cohort: %d scans with ground truth in %s%n", n, cohort);
        SparkSession spark = SegmentCommand.session(master);
        JobSettings settings = new JobSettings(cohort.resolve("manifest.csv").toString(), "phantom", tables.toString(),
                false, true, 0, false, "cpu", false, 1, 2, 1, ReadLimits.DEFAULT.maxVoxels());
        CohortJob.Summary summary = CohortJob.run(spark, settings, System.out);
        System.out.printf(Locale.ROOT, "2/3 segmented on local Spark: tables in %s/scans and %s/measurements%n", tables, tables);
        double dice = meanDice(cohort, tables);
        spark.read().parquet(tables.resolve("measurements").toString()).createOrReplaceTempView("measurements");
        List<Row> incomplete = spark.sql("SELECT count(*) FROM measurements WHERE null_reason = 'incomplete'").collectAsList();
        System.out.printf(Locale.ROOT, "3/3 checked against the ground truth: mean Dice %.3f over %d scans%n", dice, summary.ok());
        System.out.printf(Locale.ROOT, "    %d structures measured, %d excluded as incomplete (cut by the field of view)%n",
                summary.ok() * PhantomModel.standard().labelMap().size(), incomplete.get(0).getLong(0));
        spark.sql("SELECT structure, round(percentile(volume_ml, 0.5), 1) AS median_ml, "
                + "round(corr(age, volume_ml), 2) AS pearson_age FROM measurements "
                + "WHERE structure IN ('aorta', 'kidney_left', 'iliopsoas_left', 'spleen') GROUP BY structure ORDER BY structure")
                .show(false);
        System.out.printf(Locale.ROOT, "done in %.0f s. Query the tables with Spark SQL, e.g. "
                + "spark.read.parquet(\"%s/measurements\")%n", (System.nanoTime() - start) / 1e9, tables);
        return summary.exitCode();
    }

    /** Mean over OK scans of the mean Dice between the written masks and the ground truth. */
    private static double meanDice(Path cohort, Path tables) throws Exception {
        LabelMap labels = ModelSpecLoader.load("phantom").labelMap();
        NiftiReader reader = new NiftiReader();
        double sum = 0;
        int scans = 0;
        List<String> lines = Files.readAllLines(cohort.resolve("manifest.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            Path mask = tables.resolve("masks/" + f[0] + ".nii.gz");
            if (Files.exists(mask)) {
                sum += DiceScores.of(reader.read(mask), reader.read(cohort.resolve(f[3])), labels).mean();
                scans++;
            }
        }
        return scans == 0 ? Double.NaN : sum / scans;
    }
}
