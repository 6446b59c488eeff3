package org.cohortseg.cli;

import java.net.URISyntaxException;
import java.net.URL;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.spark.SparkConf;

/**
 * The launcher's quiet logging (conf/log4j2.properties: warnings, and cohortseg's own INFO) for
 * spark-submit runs, where Spark's INFO lines would bury the job's progress lines. It replaces
 * only a configuration nobody chose (Spark's built-in defaults, or Log4j's): a
 * {@code -Dlog4j2.configurationFile} or a cluster's own log4j2.properties stays as it is.
 */
public final class QuietLogging {
    /** conf/log4j2.properties, as the build packs it into the jar. */
    static final String RESOURCE = "org/cohortseg/log4j2.properties";
    /** What Spark loads when it finds no Log4j configuration (spark-common-utils). */
    private static final String SPARK_DEFAULTS = "org/apache/spark/log4j2-defaults.properties";

    private QuietLogging() {
    }

    /** Applies the quiet configuration to this JVM's logging unless someone chose one; call first thing in a main. */
    public static void apply() {
        try {
            if (LogManager.getContext(false) instanceof LoggerContext context && unchosen(context)) {
                settleSpark();
                apply(context);
            }
        } catch (LinkageError e) {
            // a platform whose Log4j API is bound to another backend: its logging is its own business
        }
    }

    /**
     * spark-submit resets Spark's logging before it calls the main, and Spark loads its defaults
     * again at its first log line, over whatever was set in between: let it do that now, silently.
     */
    private static void settleSpark() {
        new SparkConf(false).initializeLogIfNecessary(false, true);
    }

    /** Applies the quiet configuration to {@code context} unless someone chose one; returns whether it did. */
    static boolean apply(LoggerContext context) {
        if (!unchosen(context)) {
            return false;
        }
        URL quiet = QuietLogging.class.getClassLoader().getResource(RESOURCE);
        if (quiet == null) {
            throw new IllegalStateException(RESOURCE + " is missing from the jar");
        }
        try {
            context.setConfigLocation(quiet.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(quiet + " is not a URI", e);
        }
        return true;
    }

    private static boolean unchosen(LoggerContext context) {
        var configuration = context.getConfiguration();
        if (configuration instanceof DefaultConfiguration) {
            return true;
        }
        String location = configuration.getConfigurationSource().getLocation();
        return location != null && location.endsWith(SPARK_DEFAULTS);
    }
}
