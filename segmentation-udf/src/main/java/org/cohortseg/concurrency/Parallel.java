package org.cohortseg.concurrency;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * A fixed number of threads for the engine's data-parallel loops (slices of a resampled volume,
 * slices of a window being blended). Each index writes its own part of the output, so results do
 * not depend on the thread count. With one thread the loop runs in the caller.
 */
public final class Parallel {
    private final int threads;
    private final ForkJoinPool pool;

    /** @param threads how many indices run at once */
    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads); // daemon workers, idle ones time out
    }

    /** How many indices run at once. */
    public int threads() {
        return threads;
    }

    /** Work on the indices {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void accept(int from, int to);
    }

    /**
     * Splits 0 .. n-1 into one contiguous range per thread (for work that keeps scratch state per
     * range, or reads in sequence) and returns when all are done.
     */
    public void forEachRange(int n, RangeBody body) {
        int ranges = Math.max(1, Math.min(threads, n));
        forEach(ranges, k -> body.accept(k * n / ranges, (k + 1) * n / ranges));
    }

    /** Runs {@code body} for 0 .. n-1 and returns when all are done. */
    public void forEach(int n, IntConsumer body) {
        if (pool == null || n < 2) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
            return;
        }
        try {
            pool.submit(() -> IntStream.range(0, n).parallel().forEach(body)).join();
        } catch (RuntimeException e) {
            // each join rethrows a worker's exception as a copy wrapping it: give callers the original
            RuntimeException original = e;
            while (original.getCause() != null && original.getCause().getClass() == original.getClass()) {
                original = (RuntimeException) original.getCause();
            }
            throw original;
        }
    }
}
