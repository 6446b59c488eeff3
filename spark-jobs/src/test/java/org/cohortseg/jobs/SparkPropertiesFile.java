package org.cohortseg.jobs;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * A shipped Spark properties file (conf/spark/*.conf, for spark-submit --properties-file), read as
 * spark-submit reads it, so that tests run with the file users get rather than a copy of it.
 */
record SparkPropertiesFile(Path file, Map<String, String> properties) {
    private static final String HADOOP = "spark.hadoop.";

    /** Reads {@code file} (java.util.Properties syntax, values trimmed, as spark-submit does). */
    static SparkPropertiesFile read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> properties = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            properties.put(key, p.getProperty(key).trim());
        }
        return new SparkPropertiesFile(file, properties);
    }

    /**
     * Gives a running session what spark-submit would have given it at start: {@code spark.hadoop.*}
     * to the Hadoop configuration, {@code spark.sql.*} to the session's SQL configuration.
     *
     * @throws IllegalArgumentException for a setting a running session cannot take
     */
    void applyTo(SparkSession session) {
        Configuration hadoop = session.sparkContext().hadoopConfiguration();
        properties.forEach((key, value) -> {
            if (key.startsWith(HADOOP)) {
                hadoop.set(key.substring(HADOOP.length()), value);
            } else if (key.startsWith("spark.sql.")) {
                session.conf().set(key, value);
            } else {
                throw new IllegalArgumentException(file + ": " + key + " cannot be given to a running session");
            }
        });
    }
}
