package org.cohortseg.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark SQL notebook: a .sql file of statements ending in ';', with "-- ## title" comments naming
 * the cells. The cohort's tables are views: scans and measurements from a segment run, and the
 * statistics tables from a stats run.
 */
public final class SqlNotebook {
    /** Views registered from --tables and --stats folders, when present. */
    public static final List<String> TABLE_VIEWS = List.of("scans", "measurements");
    public static final List<String> STATS_VIEWS = List.of("age_associations", "age_groups", "trajectories", "centiles",
            "scan_zscores");

    private SqlNotebook() {
    }

    /** One cell: its title and statement. */
    public record Cell(String title, String sql) {
    }

    /** The cells of a notebook file. */
    public static List<Cell> parse(Path file) throws IOException {
        List<Cell> cells = new ArrayList<>();
        String title = file.getFileName().toString();
        StringBuilder sql = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (t.startsWith("-- ##")) {
                title = t.substring(5).strip();
            } else if (!t.startsWith("--") && !t.isEmpty()) {
                sql.append(line).append('\n');
                if (t.endsWith(";")) {
                    cells.add(new Cell(title, sql.substring(0, sql.lastIndexOf(";"))));
                    sql.setLength(0);
                }
            }
        }
        if (!sql.toString().isBlank()) {
            cells.add(new Cell(title, sql.toString()));
        }
        return cells;
    }

    /** Registers the views found in {@code tables} and (optionally) {@code stats}. */
    public static void registerViews(SparkSession spark, String tables, String stats) throws IOException {
        register(spark, tables, TABLE_VIEWS);
        if (stats != null) {
            register(spark, stats, STATS_VIEWS);
        }
    }

    private static void register(SparkSession spark, String folder, List<String> views) throws IOException {
        for (String view : views) {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(folder, view);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(p)) {
                spark.read().parquet(p.toString()).createOrReplaceTempView(view);
            }
        }
    }

    /** Runs every cell; returns the results in order. */
    public static List<Dataset<Row>> run(SparkSession spark, Path notebook) throws IOException {
        List<Dataset<Row>> results = new ArrayList<>();
        for (Cell c : parse(notebook)) {
            results.add(spark.sql(c.sql()));
        }
        return results;
    }
}
