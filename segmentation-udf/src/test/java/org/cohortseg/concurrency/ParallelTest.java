package org.cohortseg.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A task's thread budget: a Parallel never uses more threads than it was given, nor the common pool. */
class ParallelTest {

    @Test
    void oneThreadRunsEverythingInTheCaller() {
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        new Parallel(1).forEach(1000, i -> used.add(Thread.currentThread()));
        assertEquals(Set.of(Thread.currentThread()), used);
    }

    @Test
    void severalThreadsStayWithinTheBudgetAndOffTheCommonPool() {
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        AtomicBoolean common = new AtomicBoolean();
        int[] sum = new int[1000];
        new Parallel(3).forEach(1000, i -> {
            used.add(Thread.currentThread());
            common.compareAndSet(false, ForkJoinTask.getPool() == ForkJoinPool.commonPool());
            sum[i] = i;
            busy();
        });
        assertTrue(used.size() <= 3, "threads used: " + used.size());
        assertFalse(common.get(), "the common pool is every task's: it is not this budget");
        for (int i = 0; i < sum.length; i++) {
            assertEquals(i, sum[i]);
        }
    }

    @Test
    void rangesCoverEveryIndexOnce() {
        int[] hits = new int[101];
        new Parallel(4).forEachRange(hits.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                hits[i]++;
            }
        });
        for (int h : hits) {
            assertEquals(1, h);
        }
    }

    private static void busy() {
        long x = 0;
        for (int k = 0; k < 10_000; k++) {
            x += k * 31L;
        }
        if (x == 42) {
            throw new AssertionError();
        }
    }
}
