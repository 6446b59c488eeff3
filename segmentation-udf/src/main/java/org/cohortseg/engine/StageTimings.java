package org.cohortseg.engine;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Wall-clock seconds per stage of one scan (stages run in {@link Stage} order; a stage run per part adds up). */
public final class StageTimings {
    private final Map<Stage, Double> seconds = new EnumMap<>(Stage.class);

    /** Something to time. */
    @FunctionalInterface
    public interface Step<T, E extends Exception> {
        T run() throws E;
    }

    /** Runs {@code step} and adds its duration to {@code stage}. */
    public <T, E extends Exception> T time(Stage stage, Step<T, E> step) throws E {
        long start = System.nanoTime();
        try {
            return step.run();
        } finally {
            add(stage, (System.nanoTime() - start) / 1e9);
        }
    }

    /** Adds seconds measured elsewhere to {@code stage}. */
    public void add(Stage stage, double s) {
        seconds.merge(stage, s, Double::sum);
    }

    /** Adds every stage of {@code other}. */
    public void addAll(StageTimings other) {
        other.seconds.forEach(this::add);
    }

    /** Seconds per stage (unmodifiable, stage order). */
    public Map<Stage, Double> seconds() {
        return Collections.unmodifiableMap(seconds);
    }

    /** Seconds of every stage but inference. */
    public double outsideInference() {
        return seconds.entrySet().stream().filter(e -> e.getKey() != Stage.INFER).mapToDouble(Map.Entry::getValue).sum();
    }
}
