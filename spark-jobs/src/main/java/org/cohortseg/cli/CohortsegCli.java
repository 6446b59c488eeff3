package org.cohortseg.cli;

import org.cohortseg.jobs.CatalogName;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code cohortseg} command line: one subcommand per job. An error a user causes is one line
 * on stderr ({@code cohortseg COMMAND: problem}); {@code --verbose} adds the stack trace.
 * Exit codes: 0 done, 1 error, 2 wrong usage, 3 some scans failed with {@code --fail-on-error},
 * 4 no scan succeeded.
 */
@Command(name = "cohortseg", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Segment CT cohorts, measure structures and study how they change with age.",
        subcommands = {DemoCommand.class, PhantomsCommand.class, IndexCommand.class, ConvertCommand.class, MeasureCommand.class, PredictCommand.class, EvaluateCommand.class, SegmentCommand.class, StatsCommand.class, SqlCommand.class,
            RegisterCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:error (one line on stderr; --verbose for the stack trace)", "2:wrong usage",
            "3:some scans failed (segment --fail-on-error)", "4:no scan succeeded (segment)"})
public final class CohortsegCli {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "On an error, also print the stack trace.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one subcommand with its arguments and returns its exit code. */
    private static int runCommand(String command, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return run(all);
    }

    /**
     * A spark-submit entry point: quiet logging unless the user chose a configuration, then the
     * subcommand (which stops the Spark session it started); returns when it succeeded and exits with
     * the code otherwise. Returning matters: YARN takes a user class that calls System.exit as a
     * failed application, even with 0.
     */
    static void submitted(String command, String... args) {
        QuietLogging.apply();
        int code = runCommand(command, args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the CLI and returns its exit code (for tests). */
    public static int run(String... args) {
        return new CommandLine(new CohortsegCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(CatalogName.class, CatalogName::new)
                .setParameterExceptionHandler((e, a) -> {
                    e.getCommandLine().getErr().println(prefix(e.getCommandLine()) + ErrorLine.of(e)
                            + " (see --help)");
                    return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(prefix(cmd) + ErrorLine.of(e));
                    if (parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"))
                            || parsed.hasMatchedOption("--verbose")) {
                        e.printStackTrace(cmd.getErr());
                    }
                    return cmd.getCommandSpec().exitCodeOnExecutionException();
                })
                .execute(args);
    }

    private static String prefix(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName() + ": ";
    }
}
