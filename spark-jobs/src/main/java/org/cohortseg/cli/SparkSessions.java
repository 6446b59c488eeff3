package org.cohortseg.cli;

import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a command: the one already running in this JVM (a test's, a notebook's),
 * or a new one, on the embedded master or the one spark-submit set. A session the command made is
 * stopped when the command ends, so that its event log is complete and a cluster manager sees a
 * clean finish.
 */
final class SparkSessions implements AutoCloseable {
    private final SparkSession session;
    private final boolean owned;

    private SparkSessions(SparkSession session, boolean owned) {
        this.session = session;
        this.owned = owned;
    }

    /**
     * The running session, or a new one on {@code master} (default local[*]; spark-submit's master wins),
     * with the persistent catalog when {@code catalog} (see {@link PersistentCatalog}). Only commands that
     * use the catalog start it: an embedded metastore admits one JVM at a time.
     */
    static SparkSessions open(String master, boolean catalog) {
        if (SparkSession.getDefaultSession().isDefined()) {
            return new SparkSessions(SparkSession.getDefaultSession().get(), false);
        }
        SparkSession.Builder b = SparkSession.builder();
        if (System.getProperty("spark.app.name") == null) { // spark-submit's --name (or main class) wins
            b.appName("cohortseg");
        }
        boolean embedded = System.getProperty("spark.master") == null;
        if (embedded) {
            b.master(master != null ? master : "local[*]");
        }
        if (catalog) {
            PersistentCatalog.configure(b, embedded);
        }
        return new SparkSessions(b.getOrCreate(), true);
    }

    SparkSession get() {
        return session;
    }

    @Override
    public void close() {
        if (owned) {
            session.stop();
        }
    }
}
