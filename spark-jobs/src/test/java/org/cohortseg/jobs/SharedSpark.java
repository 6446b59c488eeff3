package org.cohortseg.jobs;

import org.apache.spark.sql.SparkSession;

/** One local[2] Spark session per test JVM: Spark's start-up dominates small tests. */
public final class SharedSpark {
    private static SparkSession session;

    private SharedSpark() {
    }

    /** The session, created on first use. */
    public static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder().master("local[2]").appName("cohortseg-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.driver.host", "127.0.0.1")
                    .getOrCreate();
        }
        return session;
    }
}
