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
 * A Spark SQL notebook: a .sql file of statements ending in ';', as {@code spark-sql -f} runs it,
 * written in Databricks' notebook source format so that it also imports there as a notebook
 * ({@code -- COMMAND ----------} between cells, markdown cells as {@code -- MAGIC} lines). A markdown
 * heading names the statements after it. The notebooks query the cohort's tables by unqualified name:
 * in the catalog after {@code USE NAME}, or as the temporary views {@link #registerViews} makes.
 */
public final class SqlNotebook {
    private static final String MARKDOWN = "-- MAGIC";

    private SqlNotebook() {
    }

    /** One statement: the heading above it and its SQL. */
    public record Cell(String title, String sql) {
    }

    /** The statements of a notebook file, in order. */
    public static List<Cell> parse(Path file) throws IOException {
        List<Cell> cells = new ArrayList<>();
        String title = file.getFileName().toString();
        StringBuilder sql = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (t.startsWith(MARKDOWN) && t.substring(MARKDOWN.length()).strip().startsWith("#")) {
                title = t.substring(MARKDOWN.length()).strip().replaceFirst("^#+", "").strip();
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

    /**
     * Registers the tables found in {@code tables} and (optionally) {@code stats} as temporary views
     * under their catalog names, with scans_latest and measurements_latest.
     */
    public static void registerViews(SparkSession spark, String tables, String stats) throws IOException {
        if (register(spark, tables, CohortTables.SEGMENT).containsAll(CohortTables.SEGMENT)) {
            spark.sql("CREATE OR REPLACE TEMPORARY VIEW " + CohortTables.SCANS_LATEST + " AS " + CohortTables.scansLatest("scans"));
            spark.sql("CREATE OR REPLACE TEMPORARY VIEW " + CohortTables.MEASUREMENTS_LATEST + " AS "
                    + CohortTables.measurementsLatest("measurements", CohortTables.SCANS_LATEST));
        }
        if (stats != null) {
            register(spark, stats, CohortTables.STATS);
        }
    }

    /** Registers the views whose folders exist; returns their names. */
    private static List<String> register(SparkSession spark, String folder, List<String> views) throws IOException {
        List<String> registered = new ArrayList<>();
        for (String view : views) {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(folder, view);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(p)) {
                spark.read().parquet(p.toString()).createOrReplaceTempView(view);
                registered.add(view);
            }
        }
        return registered;
    }

    /** Runs every statement; returns the results in order. */
    public static List<Dataset<Row>> run(SparkSession spark, Path notebook) throws IOException {
        List<Dataset<Row>> results = new ArrayList<>();
        for (Cell c : parse(notebook)) {
            results.add(spark.sql(c.sql()));
        }
        return results;
    }
}
