package org.cohortseg.jobs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.cohortseg.dicom.index.SeriesRules;
import org.cohortseg.dicom.index.SeriesSelection;
import org.cohortseg.io.Csv;
import org.cohortseg.phantom.PhantomCohort;
import org.cohortseg.phantom.PhantomModel;

/**
 * A small phantom cohort at 3 mm as a PACS export (DICOM studies with localizers and second
 * reconstructions), indexed into a manifest by {@link IndexJob}, plus broken series, each with the
 * error its FAILED row must name.
 */
final class DicomTestCohort {
    /** Broken series: scan_id to the exception class its FAILED row must name. */
    static final Map<String, String> BROKEN = Map.of(
            "B_missing", "FileNotFoundException",
            "B_not_dicom", "DicomException",
            "B_truncated", "DicomException",
            "B_two_series", "InconsistentSeriesException",
            "B_unknown_uid", "DicomException");

    private DicomTestCohort() {
    }

    /** What was written and found. */
    record Written(Path manifest, Path index, IndexJob.Summary summary) {
    }

    /** Writes {@code n} phantom studies under {@code dir/dicom}, indexes them into {@code dir/index} and adds the broken series. */
    static Written write(SparkSession spark, Path dir, int n, long seed) throws IOException {
        new PhantomCohort(PhantomModel.standard(), seed, new double[] {3, 3, 3}, false).write(dir, n, 2, PhantomCohort.Format.DICOM);
        Path index = dir.resolve("index");
        IndexJob.Summary summary = IndexJob.run(spark, new IndexJob.Settings(dir.resolve("dicom").toString(), index.toString(),
                SeriesRules.defaults(), SeriesSelection.preferring(List.of()), null),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Path axial = dir.resolve("dicom/P00001/P00001_ct1/2");
        Files.createDirectories(broken.resolve("not_dicom"));
        Files.writeString(broken.resolve("not_dicom/readme.txt"), "the images were not exported\n");
        Path truncated = copy(axial, broken.resolve("truncated"));
        Path victim = truncated.resolve("IM0007");
        Files.write(victim, java.util.Arrays.copyOf(Files.readAllBytes(victim), 700));
        Path two = copy(axial, broken.resolve("two_series"));
        try (Stream<Path> thick = Files.list(dir.resolve("dicom/P00001/P00001_ct1/3"))) {
            for (Path f : (Iterable<Path>) thick::iterator) {
                Files.copy(f, two.resolve("thick_" + f.getFileName()));
            }
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(index.resolve("manifest.csv")));
        int columns = SeriesTable.manifestHeader().size();
        String[][] extra = {{"B_missing", "Q1", broken.resolve("no_such_series").toString()},
            {"B_not_dicom", "Q2", broken.resolve("not_dicom").toString()}, {"B_truncated", "Q3", truncated.toString()},
            {"B_two_series", "Q4", two.toString()}, {"B_unknown_uid", "Q5", axial + "#1.2.3.4"}};
        for (String[] e : extra) { // scan_id, subject_id, path, age, sex, then empty acquisition columns
            List<String> row = new ArrayList<>(List.of(e[0], e[1], e[2], "50", "F"));
            row.addAll(Collections.nCopies(columns - row.size(), ""));
            lines.add(Csv.FORMAT.format(row.toArray()));
        }
        Path manifest = dir.resolve("manifest.csv");
        Files.write(manifest, lines, StandardCharsets.UTF_8);
        return new Written(manifest, index, summary);
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }
}
