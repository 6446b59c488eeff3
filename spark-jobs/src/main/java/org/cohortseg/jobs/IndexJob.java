package org.cohortseg.jobs;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.cohortseg.dicom.index.HeaderReader;
import org.cohortseg.dicom.index.IndexedSeries;
import org.cohortseg.dicom.index.Pseudonyms;
import org.cohortseg.dicom.index.SeriesIndex;
import org.cohortseg.dicom.index.SeriesRules;
import org.cohortseg.dicom.index.SeriesSelection;
import org.cohortseg.dicom.index.SeriesSummary;
import org.cohortseg.io.Csv;
import scala.Tuple2;

/**
 * {@code cohortseg index}: every file under a root (any Hadoop file system; nested folders and zip
 * archives) read to its header on the executors, grouped into series, each series summarised and
 * judged, one selected per study. Writes {@code OUT/series} (Parquet, {@link SeriesTable}),
 * {@code OUT/unreadable} (files that look like DICOM but cannot be parsed, with why) and
 * {@code OUT/manifest.csv} (the selected series, as {@code segment} takes it). The driver lists
 * files and sees one summary per series, never a pixel.
 */
public final class IndexJob {
    /** Files per partition: enough that a task's start-up does not dominate. */
    private static final int FILES_PER_PARTITION = 2000;
    static final StructType UNREADABLE = DataTypes.createStructType(List.of(
            DataTypes.createStructField("file", DataTypes.StringType, false),
            DataTypes.createStructField("reason", DataTypes.StringType, false)));

    private IndexJob() {
    }

    /**
     * What to index and how.
     *
     * @param root the folder to index
     * @param out the output folder
     * @param rules what makes a series usable
     * @param selection how a study's series is chosen
     * @param pseudonymKey the key patient ids are hashed with, or null to keep them
     */
    public record Settings(String root, String out, SeriesRules rules, SeriesSelection selection, String pseudonymKey) {
    }

    /** What the run found. */
    public record Summary(long files, long dicomFiles, long notDicom, long unreadable, int series, int usable, int selected) {
    }

    public static Summary run(SparkSession spark, Settings settings, PrintStream log) throws IOException {
        Pseudonyms pseudonyms = settings.pseudonymKey() == null ? null : new Pseudonyms(settings.pseudonymKey());
        long t0 = System.nanoTime();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<FileHeaders.Listed> listed = list(new Path(settings.root()), conf);
        if (listed.isEmpty()) {
            throw new IllegalArgumentException(settings.root() + ": no files to index");
        }
        SerializableConfiguration shared = new SerializableConfiguration(conf);
        String root = settings.root();
        SeriesRules rules = settings.rules();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int partitions = Math.max(spark.sparkContext().defaultParallelism(), listed.size() / FILES_PER_PARTITION + 1);
        List<Found> found = jsc.parallelize(listed, partitions)
                .mapPartitions(files -> FileHeaders.of(files, root, shared.value()))
                .mapToPair(o -> new Tuple2<>(Found.key(o), o))
                .groupByKey()
                .map(g -> Found.of(g._2(), rules))
                .collect();
        List<SeriesSummary> summaries = found.stream().map(Found::series).filter(Objects::nonNull).toList();
        List<Row> unreadable = found.stream().flatMap(f -> f.unreadable().stream())
                .map(o -> RowFactory.create(o.file(), ((HeaderReader.Unreadable) o.outcome()).reason())).toList();
        long notDicom = found.stream().mapToLong(Found::notDicom).sum();
        long dicom = summaries.stream().mapToLong(SeriesSummary::files).sum();
        List<IndexedSeries> index = SeriesIndex.of(summaries, settings.selection(), pseudonyms);
        write(spark, settings.out(), index, unreadable);
        Summary s = new Summary(dicom + notDicom + unreadable.size(), dicom, notDicom, unreadable.size(), index.size(),
                (int) index.stream().filter(IndexedSeries::usable).count(),
                (int) index.stream().filter(IndexedSeries::selected).count());
        log.printf(Locale.ROOT, "indexed %d files in %.1f s: %d DICOM, %d not DICOM, %d unreadable; %d series, %d usable, "
                + "%d selected into %s%n", s.files(), (System.nanoTime() - t0) / 1e9, s.dicomFiles(), s.notDicom(),
                s.unreadable(), s.series(), s.usable(), s.selected(), new Path(settings.out(), "manifest.csv"));
        return s;
    }

    /**
     * One group of the job's single shuffle: a series (its files' headers summarised), or the files
     * that are not DICOM (counted), or those that cannot be parsed (listed).
     */
    private record Found(SeriesSummary series, long notDicom, List<FileHeaders.Outcome> unreadable) implements Serializable {
        private static final String NOT_DICOM = "\0not DICOM";
        private static final String UNREADABLE = "\0unreadable";

        static String key(FileHeaders.Outcome o) {
            if (o.outcome() instanceof HeaderReader.Header h) {
                return h.header().studyUid() + "|" + h.header().seriesKey();
            }
            return o.outcome() instanceof HeaderReader.NotDicom ? NOT_DICOM : UNREADABLE;
        }

        static Found of(Iterable<FileHeaders.Outcome> group, SeriesRules rules) {
            List<FileHeaders.Outcome> all = new ArrayList<>();
            group.forEach(all::add);
            all.sort(Comparator.comparing(FileHeaders.Outcome::file));
            HeaderReader.Outcome first = all.get(0).outcome();
            if (first instanceof HeaderReader.Header) {
                return new Found(SeriesSummary.of(all.stream().map(o -> ((HeaderReader.Header) o.outcome()).header()).toList(),
                        rules), 0, List.of());
            }
            return first instanceof HeaderReader.NotDicom ? new Found(null, all.size(), List.of()) : new Found(null, 0, all);
        }
    }

    /**
     * Lists every file under {@code root} and reads its header on this thread, as an executor does
     * (for benchmarks: the header path without Spark's scheduling); returns how many files.
     */
    public static int readHeaders(String root, Configuration conf) throws IOException {
        List<FileHeaders.Listed> listed = list(new Path(root), conf);
        Iterator<FileHeaders.Outcome> outcomes = FileHeaders.of(listed.iterator(), root, conf);
        int n = 0;
        for (; outcomes.hasNext(); outcomes.next()) {
            n++;
        }
        return n;
    }

    /** Every regular file under {@code root}, sorted by path. */
    private static List<FileHeaders.Listed> list(Path root, Configuration conf) throws IOException {
        List<FileHeaders.Listed> out = new ArrayList<>();
        for (FileStatus f : FileListing.files(HadoopScanStore.fileSystem(root, conf), root)) {
            out.add(new FileHeaders.Listed(f.getPath().toString(), f.getLen()));
        }
        out.sort(Comparator.comparing(FileHeaders.Listed::path));
        return out;
    }

    private static void write(SparkSession spark, String out, List<IndexedSeries> index, List<Row> unreadable)
            throws IOException {
        spark.createDataFrame(index.stream().map(SeriesTable.ALL::row).toList(), SeriesTable.ALL.schema())
                .coalesce(1).write().mode(SaveMode.Overwrite).parquet(new Path(out, "series").toString());
        spark.createDataFrame(unreadable, UNREADABLE).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(new Path(out, "unreadable").toString());
        Path manifest = new Path(out, "manifest.csv");
        FileSystem fs = manifest.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (Writer w = new OutputStreamWriter(fs.create(manifest, true), StandardCharsets.UTF_8)) {
            Csv.write(w, SeriesTable.manifestHeader(), index.stream().filter(IndexedSeries::selected)
                    .map(s -> SeriesTable.MANIFEST.values(s).stream().map(v -> v == null ? "" : v.toString()).toList())
                    .toList());
        }
    }
}
