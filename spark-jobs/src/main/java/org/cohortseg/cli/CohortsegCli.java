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

    /** Runs the CLI and returns its exit code (for tests). */
    public static int run(String... args) {
        return new CommandLine(new CohortsegCli()).execute(args);
    }
}
