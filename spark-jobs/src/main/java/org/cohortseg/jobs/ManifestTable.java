package org.cohortseg.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.cohortseg.io.Csv;

/**
 * A manifest's rows as written. CSV (cohortseg's {@link Csv}: RFC 4180, UTF-8, a header line) is
 * parsed on the driver: every value stays the text it is, except columns whose every value is a
 * plain number (no leading zeros: an id such as 007 stays text), which become long or double.
 * Parquet keeps its own types.
 *
 * @param schema the columns
 * @param rows the values, one list per row
 * @param where where each row is, for messages ("line 7")
 */
record ManifestTable(StructType schema, List<List<Object>> rows, List<String> where) {
    private static final Pattern INTEGER = Pattern.compile("[+-]?(0|[1-9][0-9]{0,17})");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    static ManifestTable read(SparkSession spark, FileSystem fs, Path path, ManifestFormat format) throws IOException {
        return format.of(fs, path) == ManifestFormat.PARQUET ? parquet(spark, path) : csv(fs, path);
    }

    private static ManifestTable parquet(SparkSession spark, Path path) {
        var data = spark.read().parquet(path.toString());
        List<List<Object>> rows = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (Row r : data.collectAsList()) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < r.length(); i++) {
                values.add(r.get(i));
            }
            rows.add(values);
            where.add("row " + rows.size());
        }
        return new ManifestTable(data.schema(), rows, where);
    }

    private static ManifestTable csv(FileSystem fs, Path path) throws IOException {
        String text;
        try (InputStream in = fs.open(path)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> names;
        List<String[]> values = new ArrayList<>();
        List<String> where = new ArrayList<>();
        try (CSVParser parser = Csv.parse(text)) {
            names = parser.getHeaderNames();
            for (CSVRecord record : parser) {
                String line = "line " + parser.getCurrentLineNumber();
                if (record.size() != names.size()) {
                    throw new IllegalArgumentException(line + " has " + record.size() + " fields, the header "
                            + names.size());
                }
                String[] v = record.values();
                for (int i = 0; i < v.length; i++) {
                    v[i] = v[i].isEmpty() ? null : v[i];
                }
                values.add(v);
                where.add(line);
            }
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("not a readable CSV file: " + e.getCause().getMessage(), e);
        }
        List<StructField> fields = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            fields.add(DataTypes.createStructField(names.get(c), typeOf(values, c), true));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (String[] v : values) {
            List<Object> typed = new ArrayList<>();
            for (int c = 0; c < v.length; c++) {
                typed.add(convert(v[c], fields.get(c).dataType()));
            }
            rows.add(typed);
        }
        return new ManifestTable(new StructType(fields.toArray(new StructField[0])), rows, where);
    }

    /** long when every value is an integer, double when every value is a number, else string. */
    private static DataType typeOf(List<String[]> rows, int column) {
        boolean integers = true;
        boolean numbers = true;
        boolean any = false;
        for (String[] r : rows) {
            String v = r[column];
            if (v != null) {
                any = true;
                integers &= INTEGER.matcher(v).matches();
                numbers &= DECIMAL.matcher(v).matches();
            }
        }
        if (!any || !numbers) {
            return DataTypes.StringType;
        }
        return integers ? DataTypes.LongType : DataTypes.DoubleType;
    }

    private static Object convert(String value, DataType type) {
        if (value == null || type == DataTypes.StringType) {
            return value;
        }
        return type == DataTypes.LongType ? (Object) Long.parseLong(value) : (Object) Double.parseDouble(value);
    }
}
