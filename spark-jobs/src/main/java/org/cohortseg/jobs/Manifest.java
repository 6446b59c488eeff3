package org.cohortseg.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A cohort manifest (CSV with a header, or Parquet) on any Hadoop file system: one row per scan
 * with at least scan_id, subject_id, path, age and sex; every other column is carried through to
 * the scans table. A relative path resolves against the manifest's own folder. Only metadata is
 * touched on the driver (file sizes, to balance partitions): no scan is read there.
 *
 * @param schema the manifest's columns
 * @param tasks one task per row, in manifest order
 */
public record Manifest(StructType schema, List<ScanTask> tasks) {
    /** Columns every manifest needs. */
    public static final List<String> REQUIRED = List.of("scan_id", "subject_id", "path", "age", "sex");

    /**
     * Reads a manifest.
     *
     * @throws IllegalArgumentException when a required column is missing or a scan_id repeats
     */
    public static Manifest read(SparkSession spark, String location) throws IOException {
        Dataset<Row> rows = location.endsWith(".csv")
                ? spark.read().option("header", "true").option("inferSchema", "true").csv(location)
                : spark.read().parquet(location);
        StructType schema = rows.schema();
        List<String> missing = new ArrayList<>(REQUIRED);
        missing.removeAll(Arrays.asList(schema.fieldNames()));
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(location + ": the manifest lacks the columns " + missing
                    + " (needs " + REQUIRED + ")");
        }
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path base = new Path(location).getParent();
        FileSystem baseFs = base.getFileSystem(conf);
        Path qualifiedBase = baseFs.makeQualified(base);
        List<ScanTask> tasks = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Row r : rows.collectAsList()) {
            String scanId = text(r, "scan_id");
            if (scanId == null || !ids.add(scanId)) {
                throw new IllegalArgumentException(location + ": scan_id '" + scanId + "' is missing or repeated");
            }
            Path path = resolve(qualifiedBase, text(r, "path"));
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < r.length(); i++) {
                values.add(r.get(i));
            }
            tasks.add(new ScanTask(scanId, text(r, "subject_id"), path.toString(), size(path, conf), age(r),
                    text(r, "sex"), values));
        }
        return new Manifest(schema, tasks);
    }

    private static Path resolve(Path base, String value) {
        if (value == null || value.isBlank()) {
            return new Path(base, "__missing_path__");
        }
        Path p = new Path(value);
        return p.isAbsolute() || p.toUri().getScheme() != null ? p : new Path(base, value);
    }

    private static long size(Path path, Configuration conf) {
        try {
            return path.getFileSystem(conf).getFileStatus(path).getLen();
        } catch (IOException e) {
            return -1; // the task reports why the scan cannot be read
        }
    }

    private static String text(Row r, String column) {
        Object v = r.get(r.fieldIndex(column));
        return v == null ? null : v.toString();
    }

    private static Double age(Row r) {
        Object v = r.get(r.fieldIndex("age"));
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return v == null ? null : Double.valueOf(v.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
