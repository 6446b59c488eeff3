package org.cohortseg.jobs;

import java.io.Serializable;
import java.util.Locale;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * Scans done and failed, counted on the executors (Spark accumulators) and reported on the driver
 * at a steady rate with throughput and ETA.
 */
public final class JobProgress implements Serializable {
    private static final long serialVersionUID = 1L;
    private final LongAccumulator done;
    private final LongAccumulator failed;

    public JobProgress(SparkContext sc) {
        this.done = sc.longAccumulator("cohortseg scans done");
        this.failed = sc.longAccumulator("cohortseg scans failed");
    }

    /** Counts one processed scan (on an executor). */
    void record(boolean ok) {
        done.add(1);
        if (!ok) {
            failed.add(1);
        }
    }

    /** Scans processed so far (driver). */
    public long done() {
        return done.value();
    }

    /** Scans failed so far (driver). */
    public long failed() {
        return failed.value();
    }

    /** Starts a daemon thread printing one progress line every {@code periodSeconds}; stop it by interrupting. */
    public Thread report(long total, double periodSeconds, java.io.PrintStream out) {
        long start = System.nanoTime();
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep((long) (periodSeconds * 1000));
                    out.println(line(total, (System.nanoTime() - start) / 1e9));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cohortseg-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * One progress line: done / failed / total, scans per minute, ETA. It starts with the job's name,
     * as every line the job prints, so it stands apart from log lines (time, level, logger).
     */
    public String line(long total, double elapsedSeconds) {
        long d = done();
        double perMinute = elapsedSeconds > 0 ? d / elapsedSeconds * 60 : 0;
        String eta = d == 0 ? "unknown" : String.format(Locale.ROOT, "%.0f s", (total - d) / (perMinute / 60));
        return String.format(Locale.ROOT, "cohortseg segment: progress %d/%d scans done, %d failed, %.1f scans/min, ETA %s",
                d, total, failed(), perMinute, eta);
    }
}
