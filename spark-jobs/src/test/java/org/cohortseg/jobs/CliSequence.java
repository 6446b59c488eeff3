package org.cohortseg.jobs;

import java.util.ArrayList;
import java.util.List;
import org.cohortseg.cli.CohortsegCli;

/**
 * Runs several cohortseg commands one after another in one JVM, as separate invocations would
 * (each opens and stops its own Spark session): a test then pays one JVM start, not one per
 * command. Commands are separated by {@link #THEN}; each one's output follows a line
 * {@link #MARK}N. Exits with the first non-zero exit code.
 */
final class CliSequence {
    static final String THEN = "--then";
    static final String MARK = "== command ";

    private CliSequence() {
    }

    public static void main(String[] args) {
        List<List<String>> commands = new ArrayList<>(List.of(new ArrayList<>()));
        for (String a : args) {
            if (a.equals(THEN)) {
                commands.add(new ArrayList<>());
            } else {
                commands.get(commands.size() - 1).add(a);
            }
        }
        for (int i = 0; i < commands.size(); i++) {
            System.out.println(MARK + i);
            int code = CohortsegCli.run(commands.get(i).toArray(new String[0]));
            if (code != 0) {
                System.exit(code);
            }
        }
        System.exit(0);
    }

    /** The arguments that run {@code commands} in sequence. */
    static List<String> of(List<List<String>> commands) {
        List<String> args = new ArrayList<>();
        for (List<String> c : commands) {
            if (!args.isEmpty()) {
                args.add(THEN);
            }
            args.addAll(c);
        }
        return args;
    }

    /** The output of command {@code i} in the sequence's stdout. */
    static String output(String stdout, int i) {
        int from = stdout.indexOf(MARK + i);
        int to = stdout.indexOf(MARK + (i + 1));
        return stdout.substring(from, to < 0 ? stdout.length() : to);
    }
}
