package dev.nabla.data;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The machinery of one {@link DataLoader.Epoch}: batches are submitted to a private pool in order,
 * at most {@code prefetch} ahead of the consumer, and taken back in the same order, so output order
 * never depends on which worker finished first.
 */
final class EpochRun<T, B> {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final DataLoader<T, B> loader;
    private final int epoch;
    private final int[] order;
    private final int numBatches;
    private final ThreadPoolExecutor pool;
    private final ArrayDeque<Future<B>> inflight = new ArrayDeque<>();
    private int submitted, delivered;
    private boolean closed;

    EpochRun(DataLoader<T, B> loader, int epoch, int[] order, int numBatches) {
        this.loader = loader;
        this.epoch = epoch;
        this.order = order;
        this.numBatches = numBatches;
        int w = loader.workerCount();
        if (w > 0 && numBatches > 0) {
            int id = POOLS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            ThreadFactory tf = r -> {
                Thread t = new Thread(r, "nabla-loader-" + id + "-" + n.getAndIncrement());
                t.setDaemon(true); // never keeps the JVM alive if a consumer forgets close()
                return t;
            };
            pool = new ThreadPoolExecutor(w, w, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), tf);
            pool.allowCoreThreadTimeOut(true); // an abandoned epoch's idle workers exit by themselves
        } else {
            pool = null;
        }
    }

    int numBatches() { return numBatches; }

    boolean hasNext() {
        boolean more = !closed && delivered < numBatches;
        if (!more) close();
        return more;
    }

    B next() {
        if (closed) throw new NoSuchElementException("DataLoader: this epoch was closed after " + delivered + " of " + numBatches + " batches");
        if (delivered >= numBatches) throw new NoSuchElementException("DataLoader: all " + numBatches + " batches of epoch " + epoch + " were read");
        if (pool == null) {
            try {
                B batch = loader.loadBatch(epoch, order, delivered);
                delivered++;
                return batch;
            } catch (RuntimeException | Error e) {
                close(); // same contract as with workers: an epoch ends at its first failure
                throw e;
            }
        }
        while (submitted < numBatches && inflight.size() < loader.prefetchDepth()) {
            final int b = submitted++;
            inflight.add(pool.submit(() -> loader.loadBatch(epoch, order, b)));
        }
        Future<B> f = inflight.poll();
        try {
            B batch = f.get();
            delivered++;
            return batch;
        } catch (ExecutionException e) {
            close();
            Throwable c = e.getCause();
            if (c instanceof DataLoaderException d)
                throw new DataLoaderException(d.getMessage(), d.index(), d.batch(), d.getCause()); // rethrown here for a useful stack
            throw new DataLoaderException("DataLoader: worker failed on batch " + delivered + ": " + c, -1, delivered, c);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new DataLoaderException("DataLoader: interrupted while waiting for batch " + delivered, -1, delivered, e);
        } catch (CancellationException e) {
            close();
            throw new NoSuchElementException("DataLoader: epoch closed while waiting for batch " + delivered);
        }
    }

    void close() {
        if (closed) return;
        closed = true;
        for (Future<B> f : inflight) f.cancel(true);
        inflight.clear();
        if (pool != null) pool.shutdownNow();
    }
}
