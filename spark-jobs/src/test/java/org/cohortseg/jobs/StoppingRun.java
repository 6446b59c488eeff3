package org.cohortseg.jobs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.SparkSession;

/**
 * A driver that runs the cohort job in its own JVM and stops dead at a chosen step of a chosen
 * commit (it prints {@value #STOPPED} and waits to be killed), for the crash tests.
 *
 * <p>Arguments: manifest, out, resume (true/false), commit every, step ({@link CommitListener.Step}),
 * which commit ({@code first} or {@code last}).
 */
public final class StoppingRun {
    static final String STOPPED = "STOPPED-AT";
    static final String COMPLETED = "COMPLETED";

    private StoppingRun() {
    }

    public static void main(String[] args) throws Exception {
        CommitListener.Step step = CommitListener.Step.valueOf(args[4]);
        boolean last = args[5].equals("last");
        SparkSession spark = SparkSession.builder().master("local[2]").appName("cohortseg-crash")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        RunSettings settings = RunSettings.of(args[0], args[1]).withResume(Boolean.parseBoolean(args[2]))
                .withCommitEvery(Integer.parseInt(args[3]));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        CohortJob.run(spark, settings, EngineSettings.of("phantom"), quiet, (reached, commit, commits, scans) -> {
            if (reached == step && commit == (last ? commits - 1 : 0)) {
                System.out.println(STOPPED + " " + reached + " " + commit + "/" + commits);
                System.out.flush();
                sleepForever();
            }
        });
        System.out.println(COMPLETED);
        System.exit(0);
    }

    private static void sleepForever() {
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // only SIGKILL ends this driver
            }
        }
    }
}
