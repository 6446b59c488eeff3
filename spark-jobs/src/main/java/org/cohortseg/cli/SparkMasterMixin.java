package org.cohortseg.cli;

import org.cohortseg.jobs.CatalogName;
import picocli.CommandLine.Option;

/** The Spark master of every command that runs Spark, and the session it opens. */
final class SparkMasterMixin {
    @Option(names = "--master", description = "Spark master for an embedded run (default: local[*]; ignored under spark-submit).")
    String master;

    /** The running session, or a new one on this master (see {@link SparkSessions#open}). */
    SparkSessions open() {
        return SparkSessions.open(master, false);
    }

    /** The same, with the persistent catalog when the command was given a catalog database ({@code catalog} not null). */
    SparkSessions open(CatalogName catalog) {
        return SparkSessions.open(master, catalog != null);
    }
}
