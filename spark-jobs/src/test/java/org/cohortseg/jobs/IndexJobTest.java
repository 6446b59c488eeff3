package org.cohortseg.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cohortseg.dicom.index.Pseudonyms;
import org.cohortseg.dicom.index.SeriesRules;
import org.cohortseg.dicom.index.SeriesSelection;
import org.cohortseg.io.Csv;
import org.cohortseg.io.LocalScanStore;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.NiftiReader;
import org.cohortseg.phantom.PhantomCohort;
import org.cohortseg.phantom.PhantomModel;
import org.cohortseg.pipeline.CtReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index over an export with a zipped study, a damaged file and files that are not DICOM, with
 * pseudonyms; the manifest's paths read through the Hadoop file system as the cohort job reads them.
 */
class IndexJobTest {
    private static final String KEY = "a secret of the study, 16+";
    @TempDir
    static Path tmp;
    private static SparkSession spark;
    private static IndexJob.Summary summary;
    private static Map<String, Row> series;

    @BeforeAll
    static void index() throws Exception {
        spark = SharedSpark.get();
        Path export = tmp.resolve("export");
        new PhantomCohort(PhantomModel.standard(), 5, new double[] {3, 3, 3}, false).write(export, 3, 2, PhantomCohort.Format.DICOM);
        Path root = export.resolve("dicom");
        Path zipped = root.resolve("P00001/P00001_ct2");
        zip(zipped, root.resolve("P00001/ct2.zip"));
        try (Stream<Path> files = Files.walk(zipped)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        byte[] slice = Files.readAllBytes(firstFile(root.resolve("P00001/P00001_ct1/2")));
        Files.write(root.resolve("damaged"), Arrays.copyOf(slice, 600));
        Files.writeString(root.resolve("DICOMDIR.txt"), "not an image\n");
        summary = IndexJob.run(spark, new IndexJob.Settings(root.toString(), tmp.resolve("index").toString(),
                SeriesRules.defaults(), SeriesSelection.preferring(List.of()), KEY),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        series = spark.read().parquet(tmp.resolve("index/series").toString()).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getAs("scan_id"), r -> r));
    }

    private static Path firstFile(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().findFirst().orElseThrow();
        }
    }

    private static void zip(Path folder, Path archive) throws IOException {
        try (OutputStream out = Files.newOutputStream(archive); ZipOutputStream zip = new ZipOutputStream(out);
             Stream<Path> files = Files.walk(folder)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                zip.putNextEntry(new ZipEntry(folder.relativize(f).toString()));
                zip.write(Files.readAllBytes(f));
            }
        }
    }

    @Test
    void everyFileIsCountedAndTheDamagedOneNamed() {
        assertEquals(9, summary.series(), "three studies of three series, one of them zipped");
        assertEquals(3, summary.selected());
        assertEquals(3 + 1, summary.notDicom(), "the three study notes (one in the zip) and the text file");
        assertEquals(1, summary.unreadable());
        List<Row> unreadable = spark.read().parquet(tmp.resolve("index/unreadable").toString()).collectAsList();
        assertTrue(unreadable.get(0).<String>getAs("file").endsWith("/damaged"), unreadable.toString());
        assertTrue(unreadable.get(0).<String>getAs("reason").contains("truncated"), unreadable.toString());
    }

    @Test
    void patientIdsArePseudonyms() {
        PhantomCohort phantoms = new PhantomCohort(PhantomModel.standard(), 5, new double[] {3, 3, 3}, false);
        Pseudonyms pseudonyms = new Pseudonyms(KEY);
        Map<String, Long> expected = Stream.of(0, 1, 2).map(i -> pseudonyms.of(phantoms.scan(i).subject().subjectId()))
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        Map<String, Long> found = series.values().stream()
                .collect(Collectors.groupingBy(r -> r.<String>getAs("subject_id"), Collectors.counting()));
        expected.replaceAll((id, studies) -> 3 * studies);
        assertEquals(expected, found, "each subject's studies under its pseudonym, three series each");
    }

    /** Each selected series reads through the Hadoop file system as its folder reads locally; the zip's by reference. */
    @Test
    void theManifestsPathsReadAsTheFoldersDo() throws IOException {
        List<org.apache.commons.csv.CSVRecord> rows = Csv.read(tmp.resolve("index/manifest.csv"));
        assertEquals(3, rows.size());
        CtReader reader = new CtReader(new NiftiReader());
        HadoopScanStore hadoop = new HadoopScanStore(spark.sparkContext().hadoopConfiguration());
        boolean zipSeen = false;
        for (org.apache.commons.csv.CSVRecord r : rows) {
            String path = r.get("path");
            NiftiImage viaHadoop = reader.read(path, hadoop);
            assertEquals(series.get(r.get("scan_id")).<Integer>getAs("slices"), viaHadoop.shape().nz(), path);
            if (path.contains(".zip")) {
                zipSeen = true;
                assertTrue(path.matches("file:.*/P00001/ct2\\.zip#2\\.25\\.\\d+"), path);
            } else {
                NiftiImage local = reader.read(path.replaceFirst("^file:", ""), LocalScanStore.INSTANCE);
                assertEquals(local.voxels().size(), viaHadoop.voxels().size());
                for (int i = 0; i < local.voxels().size(); i += 97) {
                    assertEquals(local.voxels().getLong(i), viaHadoop.voxels().getLong(i), path);
                }
            }
        }
        assertTrue(zipSeen, "the zipped study's series is selected");
    }
}
