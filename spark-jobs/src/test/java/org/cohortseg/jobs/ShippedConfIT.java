package org.cohortseg.jobs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.cohortseg.io.CohortsegHome;
import org.junit.jupiter.api.Test;

/**
 * Every class the shipped conf/spark files name loads from what spark-submit gives the job: the
 * application jar on top of Spark's own jars (the Spark home of the cluster test, which holds none
 * of what the application jar brings), so a user following the README meets no
 * ClassNotFoundException on a cluster.
 */
class ShippedConfIT {
    private static final Path ROOT = CohortsegHome.root();
    private static final Pattern CLASS_NAME = Pattern.compile("([a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*");

    @Test
    void everyClassNamedInConfSparkLoadsFromTheAppJarOnSpark() throws Exception {
        Path appJar;
        try (var files = Files.list(ROOT.resolve("spark-jobs/target"))) {
            appJar = files.filter(f -> f.getFileName().toString().endsWith("-app.jar")).findFirst().orElseThrow();
        }
        List<URL> classpath = new ArrayList<>(List.of(appJar.toUri().toURL()));
        try (var jars = Files.list(ROOT.resolve("spark-jobs/target/spark-home/jars"))) {
            for (Path jar : jars.toList()) {
                classpath.add(jar.toUri().toURL());
            }
        }
        List<String> named = new ArrayList<>();
        try (var confs = Files.list(ROOT.resolve("conf/spark"))) {
            for (Path conf : confs.filter(f -> f.toString().endsWith(".conf")).sorted().toList()) {
                SparkPropertiesFile.read(conf).properties().values().stream()
                        .filter(v -> CLASS_NAME.matcher(v).matches()).forEach(named::add);
            }
        }
        assertTrue(named.contains("org.apache.spark.internal.io.cloud.PathOutputCommitProtocol"), named.toString());
        try (URLClassLoader spark = new URLClassLoader(classpath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            for (String name : named) {
                assertDoesNotThrow(() -> Class.forName(name, true, spark), name);
            }
            String committer = "org/apache/spark/internal/io/cloud/BindingParquetOutputCommitter.class";
            assertTrue(spark.getResource(committer).toString().contains(appJar.getFileName().toString()),
                    "the committer binding comes with the application jar: " + spark.getResource(committer));
        }
    }
}
