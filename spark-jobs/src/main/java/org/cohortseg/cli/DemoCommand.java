package org.cohortseg.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.SparkSession;
import org.cohortseg.dicom.index.SeriesRules;
import org.cohortseg.dicom.index.SeriesSelection;
import org.cohortseg.engine.ModelSpecLoader;
import org.cohortseg.geometry.Reorientation;
import org.cohortseg.io.Csv;
import org.cohortseg.jobs.CohortJob;
import org.cohortseg.jobs.EngineSettings;
import org.cohortseg.jobs.IndexJob;
import org.cohortseg.jobs.RunSettings;
import org.cohortseg.jobs.StatsJob;
import org.cohortseg.labels.LabelMap;
import org.cohortseg.measure.DiceScores;
import org.cohortseg.nifti.NiftiImage;
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
 * {@code cohortseg demo}: the whole study on the embedded default. Generates a phantom cohort (as
 * NIfTI, or as DICOM studies that {@code index} turns into the manifest), segments and measures it
 * with the phantom model on embedded local Spark, checks the
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

    @Option(names = "--format", defaultValue = "nifti", description = "nifti: the cohort as NIfTI files with their "
            + "manifest; dicom: as a PACS export of DICOM studies, which cohortseg index turns into the manifest "
            + "(default: ${DEFAULT-VALUE}).")
    PhantomCohort.Format format;

    @Mixin
    SparkMasterMixin master;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        Path cohort = out.resolve("cohort");
        Path tables = out.resolve("tables");
        int cores = Runtime.getRuntime().availableProcessors();
        PhantomCohort phantoms = new PhantomCohort(PhantomModel.standard(), seed, new double[] {3, 3, 3}, false);
        phantoms.write(cohort, n, cores, format);
        System.out.printf(Locale.ROOT, "1/4 phantom cohort: %d scans with ground truth in %s%n", n, cohort);
        try (SparkSessions session = master.open()) {
            SparkSession spark = session.get();
            Path manifest = cohort.resolve("manifest.csv");
            Map<String, Path> truth = truthByScan(cohort);
            if (format == PhantomCohort.Format.DICOM) {
                manifest = out.resolve("index/manifest.csv");
                IndexJob.run(spark, new IndexJob.Settings(cohort.resolve("dicom").toString(), out.resolve("index").toString(),
                        SeriesRules.defaults(), SeriesSelection.preferring(List.of()), null), System.out);
                truth = truthBySeries(phantoms, n, cohort, manifest);
            }
            RunSettings run = RunSettings.of(manifest.toString(), tables.toString()).withMasks(true);
            CohortJob.Summary summary = CohortJob.run(spark, run, EngineSettings.of("phantom"), System.out);
            System.out.printf(Locale.ROOT, "2/4 segmented on local Spark: tables in %s/scans and %s/measurements%n", tables, tables);
            double dice = meanDice(truth, tables);
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

    /** scan_id to its ground-truth labels, from a NIfTI cohort's manifest. */
    static Map<String, Path> truthByScan(Path cohort) throws java.io.IOException {
        Map<String, Path> truth = new LinkedHashMap<>();
        if (Files.exists(cohort.resolve("manifest.csv"))) {
            for (CSVRecord scan : Csv.read(cohort.resolve("manifest.csv"))) {
                truth.put(scan.get("scan_id"), cohort.resolve(scan.get("label_path")));
            }
        }
        return truth;
    }

    /** scan_id (a series UID) to its ground-truth labels, through the study UID the phantom gave each scan. */
    private static Map<String, Path> truthBySeries(PhantomCohort phantoms, int n, Path cohort, Path manifest)
            throws java.io.IOException {
        Map<String, String> scanByStudy = new HashMap<>();
        for (int i = 0; i < n; i++) {
            scanByStudy.put(phantoms.studyUid(i), phantoms.scanId(i));
        }
        Map<String, Path> truth = new LinkedHashMap<>();
        for (CSVRecord series : Csv.read(manifest)) {
            truth.put(series.get("scan_id"), cohort.resolve("labels/" + scanByStudy.get(series.get("study_uid")) + ".nii.gz"));
        }
        return truth;
    }

    /**
     * Mean over OK scans of the mean Dice between the written masks and the ground truth, both in their
     * closest canonical order (a DICOM series' grid is the rendered one's in another axis order).
     */
    static double meanDice(Map<String, Path> truth, Path tables) throws Exception {
        LabelMap labels = ModelSpecLoader.load("phantom").labelMap();
        NiftiReader reader = new NiftiReader();
        double sum = 0;
        int scans = 0;
        for (Map.Entry<String, Path> scan : truth.entrySet()) {
            Path mask = tables.resolve("masks/" + scan.getKey() + ".nii.gz");
            if (Files.exists(mask)) {
                sum += DiceScores.of(canonical(reader.read(mask)), canonical(reader.read(scan.getValue())), labels).mean();
                scans++;
            }
        }
        return scans == 0 ? Double.NaN : sum / scans;
    }

    private static NiftiImage canonical(NiftiImage image) {
        return image.reoriented(Reorientation.toCanonical(image.affine(), image.shape()));
    }
}
