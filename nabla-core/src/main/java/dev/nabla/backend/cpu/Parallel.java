package dev.nabla.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The process-wide thread pool and its one primitive, {@link #forRange}. The caller's thread
 * always takes part; regions never nest (a {@code forRange} inside a worker runs serially), so two
 * cores are never over-subscribed. Size: system property {@code nabla.threads}, env
 * {@code NABLA_THREADS}, else the number of available processors.
 */
public final class Parallel {
    private Parallel() {}

    /** A body run over {@code [start, end)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    /*
     * Waiting, by the caller for the workers and by an idle worker for work, goes in three steps:
     * pure spinning for a few microseconds (back-to-back ops hand over in well under a
     * microsecond), then Thread.yield() for a couple of milliseconds, then parking. The yield step
     * matters on a shared two-core machine: with a third busy process, spinning with onSpinWait
     * alone kept the core from the thread being waited for, and 2-thread GEMMs fell from ~190 to
     * ~20-50 GFLOP/s; yielding costs nothing when the core is otherwise idle.
     */
    private static final int SPINS = 2_000;
    private static final long YIELD_NANOS = 2_000_000;

    private static volatile int threads = initialThreads();
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private static Worker[] workers = new Worker[0];
    private static final java.util.concurrent.atomic.AtomicBoolean BUSY = new java.util.concurrent.atomic.AtomicBoolean();

    private static int initialThreads() {
        String p = System.getProperty("nabla.threads", System.getenv("NABLA_THREADS"));
        if (p != null && !p.isBlank()) return Math.max(1, Integer.parseInt(p.trim()));
        return Runtime.getRuntime().availableProcessors();
    }

    public static int threads() { return threads; }

    /** Sets how many threads (the caller included) parallel regions use. */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("setThreads: need at least 1 thread, got " + n);
        threads = n;
    }

    /** True while running inside a parallel region (ops then run serially). */
    public static boolean inRegion() { return INSIDE.get(); }

    /**
     * Runs {@code body} over {@code [0, n)} split into at most {@link #threads()} contiguous chunks,
     * each at least {@code grain} long. Small ranges, nested calls and one-thread pools run inline.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int t = threads;
        int chunks = grain <= 0 ? t : Math.min(t, n / Math.max(grain, 1));
        if (chunks <= 1 || INSIDE.get()) {
            if (n > 0) body.run(0, n);
            return;
        }
        // The workers serve one region at a time: a second caller thread (say, a data-loader
        // worker) arriving meanwhile runs its region inline instead of clobbering their tasks.
        if (!BUSY.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        try {
            runChunks(n, chunks, body);
        } finally {
            BUSY.set(false);
        }
    }

    private static synchronized Worker[] pool(int needed) {
        if (workers.length < needed) {
            Worker[] w = java.util.Arrays.copyOf(workers, needed);
            for (int k = workers.length; k < needed; k++) {
                w[k] = new Worker("nabla-worker-" + k);
                w[k].start();
            }
            workers = w;
        }
        return workers;
    }

    private static void runChunks(int n, int chunks, RangeBody body) {
        Worker[] pool = pool(chunks - 1);
        AtomicInteger remaining = new AtomicInteger(chunks - 1);
        Thread caller = Thread.currentThread();
        Throwable[] failure = new Throwable[1];
        for (int c = 1; c < chunks; c++) {
            int s = (int) ((long) n * c / chunks), e = (int) ((long) n * (c + 1) / chunks);
            pool[c - 1].submit(() -> {
                try {
                    body.run(s, e);
                } catch (Throwable ex) {
                    synchronized (failure) { if (failure[0] == null) failure[0] = ex; }
                } finally {
                    if (remaining.decrementAndGet() == 0) LockSupport.unpark(caller);
                }
            });
        }
        INSIDE.set(Boolean.TRUE);
        try {
            body.run(0, (int) ((long) n / chunks));
        } finally {
            INSIDE.set(Boolean.FALSE);
        }
        long idleSince = 0;
        for (int spins = 0; remaining.get() != 0; spins++) {
            if (spins < SPINS) { Thread.onSpinWait(); continue; }
            if (idleSince == 0) idleSince = System.nanoTime();
            if (System.nanoTime() - idleSince < YIELD_NANOS) Thread.yield();
            else LockSupport.parkNanos(1_000_000);   // the last worker unparks us sooner
        }
        if (failure[0] instanceof RuntimeException re) throw re;
        if (failure[0] instanceof Error er) throw er;
        if (failure[0] != null) throw new RuntimeException(failure[0]);
    }

    /** A persistent daemon thread that spins briefly for work, then parks. */
    private static final class Worker extends Thread {
        private volatile Runnable task;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        void submit(Runnable r) {
            task = r;
            LockSupport.unpark(this);
        }

        @Override public void run() {
            INSIDE.set(Boolean.TRUE);
            int spins = 0;
            long idleSince = 0;
            while (true) {
                Runnable r = task;
                if (r != null) {
                    task = null;
                    r.run();
                    spins = 0;
                    idleSince = 0;
                } else if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else if (idleSince == 0) {
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < YIELD_NANOS) {
                    Thread.yield();
                } else {
                    LockSupport.park(this);
                }
            }
        }
    }
}
