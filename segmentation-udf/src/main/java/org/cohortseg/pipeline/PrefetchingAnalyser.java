package org.cohortseg.pipeline;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Analyses a sequence of scans while reading ahead: up to {@code depth} scans are read and
 * decoded on a background thread while the current one is segmented, so the accelerator is not
 * left waiting for I/O. Memory is bounded by {@code depth + 1} decoded images.
 *
 * @param <T> a scan task
 */
public final class PrefetchingAnalyser<T> implements Iterator<PrefetchingAnalyser.Result<T>>, AutoCloseable {
    private final Iterator<T> tasks;
    private final Function<T, ScanPipeline.Loaded> reader;
    private final ScanPipeline pipeline;
    private final int depth;
    private final ExecutorService io;
    private final Deque<Pending<T>> pending = new ArrayDeque<>();

    /** A task with its outcome. */
    public record Result<T>(T task, ScanOutcome outcome) {
    }

    private record Pending<T>(T task, Future<ScanPipeline.Loaded> loaded) {
    }

    /**
     * @param tasks scans to process, in order
     * @param reader reads one task (normally {@link ScanPipeline#read}); must not throw
     * @param pipeline analyses what was read
     * @param depth scans read ahead (at least 1)
     */
    public PrefetchingAnalyser(Iterator<T> tasks, Function<T, ScanPipeline.Loaded> reader, ScanPipeline pipeline,
                               int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("prefetch depth must be at least 1: " + depth);
        }
        this.tasks = tasks;
        this.reader = reader;
        this.pipeline = pipeline;
        this.depth = depth;
        this.io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cohortseg-prefetch");
            t.setDaemon(true);
            return t;
        });
        fill();
    }

    private void fill() {
        while (pending.size() < depth && tasks.hasNext()) {
            T task = tasks.next();
            pending.add(new Pending<>(task, io.submit(() -> reader.apply(task))));
        }
    }

    @Override
    public boolean hasNext() {
        return !pending.isEmpty();
    }

    @Override
    public Result<T> next() {
        Pending<T> head = pending.poll();
        if (head == null) {
            throw new NoSuchElementException();
        }
        fill();
        ScanPipeline.Loaded loaded;
        try {
            loaded = head.loaded().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loaded = new ScanPipeline.Loaded(null, e, 0);
        } catch (java.util.concurrent.ExecutionException e) {
            loaded = new ScanPipeline.Loaded(null, e.getCause(), 0);
        }
        ScanOutcome outcome = pipeline.analyse(loaded);
        if (!hasNext()) {
            close();
        }
        return new Result<>(head.task(), outcome);
    }

    @Override
    public void close() {
        io.shutdownNow();
    }
}
