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

    /*
     * More chunks than threads, handed out from an atomic counter: on a shared machine one of the
     * threads is often descheduled for milliseconds, and with exactly one chunk per thread the
     * whole op waited for it (the mlp step took up to 2x longer under load). With OVERSPLIT chunks
     * per thread, whoever runs takes the next chunk, so a stalled thread delays the op by at most
     * one chunk (it still waits for a chunk whose thread is preempted while running it). Four
     * chunks per thread keep the extra per-chunk cost (a GEMM split by columns repacks A per chunk)
     * to a few percent.
     */
    static final int OVERSPLIT = 4;

    /**
     * Runs {@code body} over {@code [0, n)} split into contiguous chunks, each at least
     * {@code grain} long (about {@code OVERSPLIT} per thread), that the caller and the workers take
     * in turn; which thread runs which chunk is not fixed. Small ranges, nested calls and
     * one-thread pools run inline. Bodies must only write disjoint outputs per chunk (for
     * per-chunk partial sums merged afterwards use {@link #forRangePerThread}).
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int t = threads;
        int chunks = grain <= 0 ? t : (int) Math.min((long) t * OVERSPLIT, n / Math.max(grain, 1));
        run(n, Math.min(chunks, n), Math.min(t, chunks), body);
    }

    /**
     * Runs {@code body} over {@code [0, n)} in at most {@link #threads()} contiguous chunks, each at
     * least {@code grain} long: one per thread, the old static split. For bodies that build a
     * partial result per chunk and merge them under a lock: two partials sum to the same float in
     * either order, more would make the result depend on thread timing.
     */
    public static void forRangePerThread(int n, int grain, RangeBody body) {
        int t = threads;
        int chunks = grain <= 0 ? t : Math.min(t, n / Math.max(grain, 1));
        run(n, Math.min(chunks, n), chunks, body);
    }

    private static void run(int n, int chunks, int helpers, RangeBody body) {
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
            runChunks(n, chunks, helpers, body);
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

    /** One region: chunks taken from {@code next} by the caller and {@code helpers - 1} workers. */
    private static final class Region implements Runnable {
        final int n, chunks;
        final RangeBody body;
        final AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        final Thread caller;
        volatile Throwable failure;

        Region(int n, int chunks, RangeBody body, Thread caller) {
            this.n = n;
            this.chunks = chunks;
            this.body = body;
            this.caller = caller;
        }

        /** Takes chunks until none is left; a worker that wakes late finds none and returns at once. */
        @Override public void run() {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                try {
                    if (failure == null) body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                } catch (Throwable ex) {
                    synchronized (this) { if (failure == null) failure = ex; }
                } finally {
                    if (done.incrementAndGet() == chunks && Thread.currentThread() != caller) LockSupport.unpark(caller);
                }
            }
        }
    }

    private static void runChunks(int n, int chunks, int helpers, RangeBody body) {
        Worker[] pool = pool(helpers - 1);
        Region region = new Region(n, chunks, body, Thread.currentThread());
        for (int w = 0; w < helpers - 1; w++) pool[w].submit(region);
        INSIDE.set(Boolean.TRUE);
        try {
            region.run();
        } finally {
            INSIDE.set(Boolean.FALSE);
        }
        // Only chunks already taken by a worker are waited for: chunks nobody took were run above.
        long idleSince = 0;
        for (int spins = 0; region.done.get() != chunks; spins++) {
            if (spins < SPINS) { Thread.onSpinWait(); continue; }
            if (idleSince == 0) idleSince = System.nanoTime();
            if (System.nanoTime() - idleSince < YIELD_NANOS) Thread.yield();
            else LockSupport.parkNanos(1_000_000);   // the last worker unparks us sooner
        }
        Throwable f = region.failure;
        if (f instanceof RuntimeException re) throw re;
        if (f instanceof Error er) throw er;
        if (f != null) throw new RuntimeException(f);
    }

    /** A persistent daemon thread that spins briefly for work, then parks. */
    private static final class Worker extends Thread {
        /** The region to help with; taken with getAndSet so a newer region is never lost. */
        private final java.util.concurrent.atomic.AtomicReference<Runnable> task = new java.util.concurrent.atomic.AtomicReference<>();

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        void submit(Runnable r) {
            task.set(r);
            LockSupport.unpark(this);
        }

        @Override public void run() {
            INSIDE.set(Boolean.TRUE);
            int spins = 0;
            long idleSince = 0;
            while (true) {
                Runnable r = task.get() == null ? null : task.getAndSet(null);
                if (r != null) {
                    r.run();
                    spins = 0;
                    idleSince = 0;
                } else if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else if (idleSince == 0) {
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < YIELD_NANOS) {
                    Thread.yield();
                } else if (task.get() == null) {
                    LockSupport.park(this);
                }
            }
        }
    }
}
