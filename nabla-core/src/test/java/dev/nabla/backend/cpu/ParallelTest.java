package dev.nabla.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool's contract: every index exactly once, chunk counts, inline cases, failures rethrown. */
class ParallelTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(savedThreads); }

    @Test
    void forRangeCoversEveryIndexOnceInSeveralChunksPerThread() {
        Parallel.setThreads(2);
        for (int n : new int[]{1, 2, 7, 8, 9, 100, 1001}) {
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            Set<Integer> starts = ConcurrentHashMap.newKeySet();
            Parallel.forRange(n, 1, (s, e) -> {
                starts.add(s);
                for (int i = s; i < e; i++) hits.incrementAndGet(i);
            });
            for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "n=" + n + " index " + i);
            assertEquals(Math.min(n, 2 * Parallel.OVERSPLIT), starts.size(), "chunks for n=" + n);
        }
    }

    @Test
    void grainBoundsTheChunkLength() {
        Parallel.setThreads(2);
        Set<Integer> lengths = ConcurrentHashMap.newKeySet();
        Parallel.forRange(100, 30, (s, e) -> lengths.add(e - s));
        assertTrue(lengths.stream().allMatch(l -> l >= 30), "chunk lengths " + lengths);
    }

    @Test
    void forRangePerThreadMakesAtMostOneChunkPerThread() {
        Parallel.setThreads(2);
        Set<Integer> starts = ConcurrentHashMap.newKeySet();
        AtomicIntegerArray hits = new AtomicIntegerArray(1000);
        Parallel.forRangePerThread(1000, 1, (s, e) -> {
            starts.add(s);
            for (int i = s; i < e; i++) hits.incrementAndGet(i);
        });
        assertEquals(2, starts.size());
        for (int i = 0; i < 1000; i++) assertEquals(1, hits.get(i), "index " + i);
    }

    @Test
    void nestedRegionsRunInline() {
        Parallel.setThreads(2);
        AtomicIntegerArray inner = new AtomicIntegerArray(1);
        Parallel.forRange(4, 1, (s, e) -> {
            assertTrue(Parallel.inRegion());
            Thread me = Thread.currentThread();
            Parallel.forRange(64, 1, (a, b) -> {
                assertSame(me, Thread.currentThread(), "a nested region must stay on its thread");
                inner.addAndGet(0, b - a);
            });
        });
        assertEquals(4 * 64, inner.get(0));
        assertTrue(!Parallel.inRegion());
    }

    @Test
    void aFailingChunkIsRethrownAndThePoolStaysUsable() {
        Parallel.setThreads(2);
        var e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(100, 1, (s, t) -> {
            if (s > 50) throw new IllegalStateException("chunk at " + s);
        }));
        assertTrue(e.getMessage().startsWith("chunk at"), e.getMessage());
        AtomicIntegerArray hits = new AtomicIntegerArray(100);
        Parallel.forRange(100, 1, (s, t) -> { for (int i = s; i < t; i++) hits.incrementAndGet(i); });
        for (int i = 0; i < 100; i++) assertEquals(1, hits.get(i), "index " + i);
    }

    @Test
    void aStalledChunkDoesNotHoldTheOthers() {
        // A descheduled thread, simulated: the first chunk to start blocks until every other chunk
        // is done. With one static chunk per thread its thread would also own the next chunks, and
        // they could never finish; with chunks handed out on demand the other thread runs them all.
        Parallel.setThreads(2);
        java.util.concurrent.CountDownLatch others = new java.util.concurrent.CountDownLatch(7);
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        Parallel.forRange(8, 1, (s, e) -> {
            if (first.getAndSet(false)) {
                try {
                    released.set(others.await(20, java.util.concurrent.TimeUnit.SECONDS));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            } else {
                others.countDown();
            }
        });
        assertTrue(released.get(), "the 7 other chunks did not run while the first one was stalled");
    }
}
