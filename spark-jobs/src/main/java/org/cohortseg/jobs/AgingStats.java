package org.cohortseg.jobs;

import org.cohortseg.cli.CohortsegCli;

/** spark-submit entry point of the statistics job: the same options as {@code cohortseg stats}. */
public final class AgingStats {
    private AgingStats() {
    }

    public static void main(String[] args) {
        String[] withCommand = new String[args.length + 1];
        withCommand[0] = "stats";
        System.arraycopy(args, 0, withCommand, 1, args.length);
        System.exit(CohortsegCli.run(withCommand));
    }
}
