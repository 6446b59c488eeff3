package org.cohortseg.jobs;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Registers a cohort's Parquet folders as tables of a catalog database, so that notebooks, BI tools
 * and later sessions find them by name. Each table is external ({@code CREATE TABLE ... USING parquet
 * LOCATION}) over the files where they are: nothing is copied, and a resumed run's new files are seen
 * after a refresh. Only standard SQL DDL is issued, so the same code serves the embedded Hive
 * metastore and a cluster's (Hive, Glue, Unity).
 */
public final class CatalogTables {
    private final SparkSession spark;
    private final CatalogName database;
    private final PrintStream log;

    public CatalogTables(SparkSession spark, CatalogName database, PrintStream log) {
        this.spark = spark;
        this.database = database;
        this.log = log;
    }

    /** Registers DIR/scans and DIR/measurements of {@code cohortseg segment}, and the views scans_latest and measurements_latest. */
    public void registerSegmentTables(String folder) throws IOException {
        registerTables(folder, CohortTables.SEGMENT);
        view(CohortTables.SCANS_LATEST, "the latest row per scan and model (OK before FAILED, then the latest processed_at)",
                CohortTables.scansLatest(database.table("scans")));
        view(CohortTables.MEASUREMENTS_LATEST, "the measurements of the scans whose latest row is OK",
                CohortTables.measurementsLatest(database.table("measurements"), database.table(CohortTables.SCANS_LATEST)));
    }

    /** Registers the statistics tables of {@code cohortseg stats}. */
    public void registerStatsTables(String folder) throws IOException {
        registerTables(folder, CohortTables.STATS);
    }

    private void registerTables(String folder, List<String> names) throws IOException {
        if (spark.sparkContext().conf().get("spark.sql.catalogImplementation", "in-memory").equals("in-memory")) {
            log.println("cohortseg: the session's catalog is in memory: the tables of " + database + " last as long as the "
                    + "session (spark.sql.catalogImplementation=hive keeps them)");
        }
        Map<String, Path> locations = new LinkedHashMap<>(); // every folder found before anything is registered
        for (String name : names) {
            locations.put(name, location(folder, name));
        }
        spark.sql("CREATE DATABASE IF NOT EXISTS " + database.sql());
        locations.forEach(this::table);
    }

    /** The table folder, fully qualified (file:/..., s3a://...), as metastores keep it. */
    private Path location(String folder, String name) throws IOException {
        Path p = new Path(folder, name);
        FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(p)) {
            throw new IllegalArgumentException("no table at " + p);
        }
        return fs.makeQualified(p);
    }

    /**
     * Creates the table, or refreshes it when it is already registered over the same files with the
     * same columns; one registered elsewhere or with other columns (a new manifest) is dropped and made
     * again, which leaves an external table's files alone. A managed table of that name is never dropped.
     */
    private void table(String name, Path location) {
        String table = database.table(name);
        if (spark.catalog().tableExists(table)) {
            Description d = describe(table);
            if (!d.location().isEmpty() && new Path(d.location()).equals(location)
                    && spark.table(table).schema().equals(spark.read().parquet(location.toString()).schema())) {
                spark.sql("REFRESH TABLE " + table);
                log.println("catalog: " + database + "." + name + " refreshed");
                return;
            }
            if (!d.type().equals("EXTERNAL")) {
                throw new IllegalStateException(database + "." + name + " is a " + d.type() + " table: not replacing it");
            }
            spark.sql("DROP TABLE " + table);
        }
        spark.sql("CREATE TABLE IF NOT EXISTS " + table + " USING parquet LOCATION " + literal(location.toUri().toString()));
        log.println("catalog: " + database + "." + name + " -> " + location);
    }

    private void view(String name, String comment, String query) {
        spark.sql("CREATE OR REPLACE VIEW " + database.table(name) + " COMMENT " + literal(comment) + " AS " + query);
        log.println("catalog: " + database + "." + name + " (view)");
    }

    private record Description(String type, String location) {
    }

    /** The table's type (EXTERNAL, MANAGED) and location, from DESCRIBE TABLE EXTENDED, which every catalog answers. */
    private Description describe(String table) {
        String type = "";
        String location = "";
        for (Row r : spark.sql("DESCRIBE TABLE EXTENDED " + table).collectAsList()) {
            switch (r.getString(0)) {
                case "Type" -> type = r.getString(1);
                case "Location" -> location = r.getString(1);
                default -> { }
            }
        }
        return new Description(type, location);
    }

    /** A SQL string literal (Spark's escapes). */
    private static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
