package org.cohortseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.cohortseg.io.CohortsegHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** spark-submit runs log as quietly as bin/cohortseg, unless someone chose a logging configuration. */
class QuietLoggingTest {
    @TempDir
    Path tmp;

    @Test
    void sparksBuiltInDefaultsGiveWayToTheLaunchersConfiguration() throws Exception {
        LoggerContext context = new LoggerContext("spark-submit");
        try {
            context.setConfigLocation(getClass().getClassLoader().getResource("org/apache/spark/log4j2-defaults.properties").toURI());
            assertEquals(Level.INFO, context.getConfiguration().getRootLogger().getLevel(), "Spark's defaults");
            assertTrue(QuietLogging.apply(context));
            Configuration quiet = context.getConfiguration();
            assertEquals(Level.WARN, quiet.getRootLogger().getLevel());
            assertEquals(Level.INFO, quiet.getLoggerConfig("org.cohortseg.jobs").getLevel());
            assertTrue(quiet.getConfigurationSource().getLocation().endsWith(QuietLogging.RESOURCE));
        } finally {
            context.stop();
        }
    }

    @Test
    void theJarCarriesTheLaunchersConfiguration() throws Exception {
        try (var in = getClass().getClassLoader().getResourceAsStream(QuietLogging.RESOURCE)) {
            assertEquals(Files.readString(CohortsegHome.resolve("conf/log4j2.properties")),
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void log4jsOwnDefaultIsReplacedAndAChosenConfigurationIsKept() throws Exception {
        LoggerContext unconfigured = new LoggerContext("plain-java");
        LoggerContext chosen = new LoggerContext("cluster");
        try {
            assertTrue(QuietLogging.apply(unconfigured));
            assertEquals(Level.WARN, unconfigured.getConfiguration().getRootLogger().getLevel());

            Path own = Files.writeString(tmp.resolve("log4j2.properties"), "rootLogger.level = debug\n");
            chosen.setConfigLocation(own.toUri());
            assertFalse(QuietLogging.apply(chosen));
            assertEquals(Level.DEBUG, chosen.getConfiguration().getRootLogger().getLevel());
        } finally {
            unconfigured.stop();
            chosen.stop();
        }
    }
}
