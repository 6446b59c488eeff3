package org.cohortseg.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Wall-clock seconds per pipeline stage, in the order the stages ran. */
public final class StageTimings {
    /** Stage names, in pipeline order. */
    public static final String ORIENT = "orient";
    public static final String RESAMPLE = "resample";
    public static final String NORMALIZE = "normalize";
    public static final String INFER = "infer";
    public static final String RESTORE = "restore";

    private final Map<String, Double> seconds = new LinkedHashMap<>();

    /** Something to time. */
    @FunctionalInterface
    public interface Step<T, E extends Exception> {
        T run() throws E;
    }

    /** Runs {@code step} and adds its duration to {@code stage}. */
    public <T, E extends Exception> T time(String stage, Step<T, E> step) throws E {
        long start = System.nanoTime();
        try {
            return step.run();
        } finally {
            seconds.merge(stage, (System.nanoTime() - start) / 1e9, Double::sum);
        }
    }

    /** Seconds per stage (unmodifiable, pipeline order). */
    public Map<String, Double> seconds() {
        return Collections.unmodifiableMap(seconds);
    }

    /** Seconds of every stage but inference. */
    public double outsideInference() {
        return seconds.entrySet().stream().filter(e -> !e.getKey().equals(INFER)).mapToDouble(Map.Entry::getValue).sum();
    }
}
