package org.cohortseg.cli;

/** spark-submit entry point of the statistics job: the same options as {@code cohortseg stats}. */
public final class AgingStats {
    private AgingStats() {
    }

    public static void main(String[] args) {
        CohortsegCli.submitted("stats", args);
    }
}
