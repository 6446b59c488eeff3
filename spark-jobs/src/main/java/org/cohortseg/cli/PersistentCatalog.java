package org.cohortseg.cli;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.cohortseg.io.CohortsegHome;

/**
 * The catalog of a session that registers or reads catalog tables: Spark's Hive catalog when
 * spark-hive is on the classpath and the user chose none ({@code spark.sql.catalogImplementation}),
 * as spark-sql and spark-shell do. An embedded run without hive-site.xml keeps its metastore (Derby:
 * one JVM at a time) and warehouse in the installation's {@code .cohortseg/}, so that the tables
 * outlive the run whatever the working directory; the standard settings move them
 * ({@code spark.sql.warehouse.dir}, {@code spark.hadoop.javax.jdo.option.ConnectionURL}). Under
 * spark-submit the cluster's configuration decides where the metastore is.
 */
final class PersistentCatalog {
    static final String IMPLEMENTATION = "spark.sql.catalogImplementation";

    private PersistentCatalog() {
    }

    static void configure(SparkSession.Builder builder, boolean embedded) {
        if (System.getProperty(IMPLEMENTATION) != null || !hivePresent()) {
            return;
        }
        builder.enableHiveSupport();
        if (embedded && Thread.currentThread().getContextClassLoader().getResource("hive-site.xml") == null) {
            Path home = CohortsegHome.resolve(".cohortseg");
            byDefault(builder, "spark.sql.warehouse.dir", home.resolve("warehouse").toUri().toString());
            byDefault(builder, "spark.hadoop.javax.jdo.option.ConnectionURL",
                    "jdbc:derby:;databaseName=" + home.resolve("metastore") + ";create=true");
            if (System.getProperty("derby.stream.error.file") == null) {
                System.setProperty("derby.stream.error.file", home.resolve("derby.log").toString());
            }
        }
    }

    /** Sets {@code key} unless the user did (-Dkey=..., which Spark reads too). */
    private static void byDefault(SparkSession.Builder builder, String key, String value) {
        if (System.getProperty(key) == null) {
            builder.config(key, value);
        }
    }

    /** Whether Spark's Hive support is on the classpath (the classes SparkSession's own check looks for). */
    private static boolean hivePresent() {
        try {
            Class.forName("org.apache.spark.sql.hive.HiveSessionStateBuilder");
            Class.forName("org.apache.hadoop.hive.conf.HiveConf");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
