package org.cohortseg.jobs;

/**
 * Told at each step of committing a batch of results (the steps are in {@link BatchCommitter}).
 * The job logs the committed batches; the crash tests stop the driver at a chosen step.
 */
@FunctionalInterface
public interface CommitListener {
    /** The steps of one commit, in order. */
    enum Step {
        /** Both tables of the batch are written to its staging folder; nothing is committed yet. */
        STAGED,
        /** The commit record is written: from here on the batch is committed (a crash rolls it forward). */
        RECORDED,
        /** The measurement files are in the measurements table; the scan rows are not yet visible. */
        MEASUREMENTS_MOVED,
        /** The scan rows are in the scans table and the staging folder is gone. */
        COMMITTED
    }

    /**
     * Called at {@code step} of the {@code commit}-th commit of this run (0-based), of {@code commits}.
     *
     * @param scans scans in the batch
     */
    void reached(Step step, int commit, int commits, int scans);

    /** Logs one line per committed batch. */
    static CommitListener logging(java.io.PrintStream log) {
        return (step, commit, commits, scans) -> {
            if (step == Step.COMMITTED) {
                log.printf(java.util.Locale.ROOT, "cohortseg segment: committed batch %d/%d (%d scans)%n", commit + 1, commits, scans);
            }
        };
    }
}
