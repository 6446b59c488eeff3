package org.cohortseg.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.cohortseg.dicom.SeriesReference;
import org.cohortseg.io.Redaction;

/**
 * A cohort manifest (CSV with a header, or Parquet) on any Hadoop file system: one row per scan
 * with at least scan_id, subject_id, path, age and sex; every other column is carried through to
 * the scans table. The identifiers, path and sex are text and age a number of years, whatever the
 * file says; age and sex are checked per row ({@link Demographics}). A relative path resolves
 * against the manifest's own folder; a path that cannot be used fails its row, not the run. Only
 * metadata is touched on the driver (file sizes, to balance partitions): no scan is read there.
 *
 * @param schema the manifest's columns, as they go into the scans table
 * @param tasks one task per row, in manifest order
 */
public record Manifest(StructType schema, List<ScanTask> tasks) {
    /** Columns every manifest needs. */
    public static final List<String> REQUIRED = List.of("scan_id", "subject_id", "path", "age", "sex");

    /**
     * Reads a manifest.
     *
     * @throws IllegalArgumentException naming the file when it is empty, lacks a required column,
     *         or repeats or omits a scan_id
     */
    public static Manifest read(SparkSession spark, String location, ManifestFormat format) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path file = new Path(location);
        FileSystem fs = file.getFileSystem(conf);
        ManifestTable table;
        try {
            table = ManifestTable.read(spark, fs, file, format);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(location + ": " + e.getMessage(), e);
        }
        List<String> missing = new ArrayList<>(REQUIRED);
        missing.removeAll(Arrays.asList(table.schema().fieldNames()));
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(location + ": the manifest lacks the columns " + missing
                    + " (needs " + REQUIRED + ")");
        }
        if (table.rows().isEmpty()) {
            throw new IllegalArgumentException(location + ": the manifest has no rows");
        }
        checkIds(location, table);
        StructType schema = typedSchema(table.schema());
        Path base = fs.makeQualified(file).getParent();
        List<ScanTask> tasks = new ArrayList<>();
        for (List<Object> row : table.rows()) {
            tasks.add(task(schema, row, base, conf));
        }
        return new Manifest(schema, tasks);
    }

    /** Every scan_id present and unique; otherwise one message listing where. */
    private static void checkIds(String location, ManifestTable table) {
        int column = table.schema().fieldIndex("scan_id");
        Map<String, String> seen = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < table.rows().size(); i++) {
            Object id = table.rows().get(i).get(column);
            String where = table.where().get(i);
            if (id == null || id.toString().isBlank()) {
                problems.add(where + ": no scan_id");
            } else if (seen.containsKey(id.toString())) {
                problems.add(where + ": scan_id '" + id + "' repeats " + seen.get(id.toString()));
            } else {
                seen.put(id.toString(), where);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(location + ": " + problems.size() + " rows without a unique scan_id ("
                    + String.join(", ", problems.subList(0, Math.min(5, problems.size())))
                    + (problems.size() > 5 ? ", ..." : "") + ")");
        }
    }

    /** The manifest's schema with the required columns typed: text, and age in years. */
    private static StructType typedSchema(StructType given) {
        StructField[] fields = given.fields().clone();
        for (int i = 0; i < fields.length; i++) {
            if (REQUIRED.contains(fields[i].name())) {
                DataType type = fields[i].name().equals("age") ? DataTypes.DoubleType : DataTypes.StringType;
                fields[i] = DataTypes.createStructField(fields[i].name(), type, true);
            }
        }
        return new StructType(fields);
    }

    private static ScanTask task(StructType schema, List<Object> row, Path base, Configuration conf) {
        List<Object> values = new ArrayList<>(row);
        for (String c : List.of("scan_id", "subject_id", "path", "sex")) {
            int i = schema.fieldIndex(c);
            values.set(i, values.get(i) == null ? null : values.get(i).toString());
        }
        int pathColumn = schema.fieldIndex("path");
        String written = (String) values.get(pathColumn);
        values.set(pathColumn, Redaction.redact(written));
        int ageColumn = schema.fieldIndex("age");
        Demographics who = Demographics.check(values.get(ageColumn), (String) values.get(schema.fieldIndex("sex")));
        values.set(ageColumn, who.age());
        String scanId = (String) values.get(schema.fieldIndex("scan_id"));
        String subjectId = (String) values.get(schema.fieldIndex("subject_id"));
        String sex = (String) values.get(schema.fieldIndex("sex"));
        try {
            Path path = ScanPaths.resolve(base, written);
            return new ScanTask(scanId, subjectId, path.toString(), size(path, conf), who.age(), sex, who.issues(),
                    null, values);
        } catch (InvalidScanPathException e) {
            return new ScanTask(scanId, subjectId, Redaction.redact(written), -1, who.age(), sex, who.issues(),
                    e.getMessage(), values);
        }
    }

    /** Bytes of a scan: its file, or the files of its DICOM series' folder. */
    private static long size(Path path, Configuration conf) {
        try {
            Path location = new Path(SeriesReference.parse(path.toString()).location());
            FileSystem fs = HadoopScanStore.fileSystem(location, conf);
            FileStatus status = fs.getFileStatus(location);
            return status.isDirectory() ? fs.getContentSummary(location).getLength() : status.getLen();
        } catch (IOException | RuntimeException e) {
            return -1; // the task reports why the scan cannot be read
        }
    }
}
