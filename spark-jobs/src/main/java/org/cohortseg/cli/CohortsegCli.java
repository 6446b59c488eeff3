package org.cohortseg.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cohortseg} command line: one subcommand per job. */
@Command(name = "cohortseg", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Segment CT cohorts, measure structures and study how they change with age.",
        subcommands = {DemoCommand.class, PhantomsCommand.class, MeasureCommand.class, PredictCommand.class, EvaluateCommand.class, SegmentCommand.class, StatsCommand.class, SqlCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class CohortsegCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one subcommand with its arguments (for the spark-submit entry points) and returns its exit code. */
    public static int runCommand(String command, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return run(all);
    }

    /** Runs the CLI and returns its exit code (for tests). */
    public static int run(String... args) {
        return new CommandLine(new CohortsegCli()).execute(args);
    }
}
