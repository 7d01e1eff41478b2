package dev.nabla.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Batches a {@link StreamingDataset}: items are read in stream order, {@code batchSize} at a time, on
 * one background thread that keeps at most {@code prefetch} batches ready (a stream cannot be read in
 * parallel without losing its order). With prefetch 0 everything runs on the caller's thread.
 *
 * <pre>{@code
 * for (Batch b : new StreamLoader<>(windows, Collate.examples(), 32, true, 4)) { ... }
 * }</pre>
 */
public final class StreamLoader<T, B> implements Iterable<B> {
    private final StreamingDataset<T> stream;
    private final Collate<T, B> collate;
    private final int batchSize, prefetch;
    private final boolean dropLast;

    public StreamLoader(StreamingDataset<T> stream, Collate<T, B> collate, int batchSize, boolean dropLast, int prefetch) {
        if (batchSize < 1) throw new IllegalArgumentException("StreamLoader: batchSize must be >= 1, got " + batchSize);
        if (prefetch < 0) throw new IllegalArgumentException("StreamLoader: prefetch must be >= 0, got " + prefetch);
        this.stream = stream; this.collate = collate; this.batchSize = batchSize; this.dropLast = dropLast; this.prefetch = prefetch;
    }

    /** A pass over the stream; close it to stop the background reader early. */
    @Override public Pass<B> iterator() {
        Iterator<T> it = stream.iterator();
        Reader<T, B> reader = new Reader<>(it, collate, batchSize, dropLast);
        return prefetch == 0 ? new Pass<>(reader, null) : new Pass<>(reader, prefetch);
    }

    /** Reads and collates the next batch; null at the end. Not thread-safe: one reader per pass. */
    static final class Reader<T, B> {
        final Iterator<T> it;
        final Collate<T, B> collate;
        final int batchSize;
        final boolean dropLast;
        long position, batch;

        Reader(Iterator<T> it, Collate<T, B> collate, int batchSize, boolean dropLast) {
            this.it = it; this.collate = collate; this.batchSize = batchSize; this.dropLast = dropLast;
        }

        B read() {
            List<T> items = new ArrayList<>(batchSize);
            while (items.size() < batchSize) {
                try {
                    if (!it.hasNext()) break;
                    items.add(it.next());
                } catch (RuntimeException | Error e) {
                    throw new DataLoaderException("StreamLoader: reading stream item " + position + " (batch " + batch + ") failed: " + e,
                            (int) Math.min(position, Integer.MAX_VALUE), batch, e);
                }
                position++;
            }
            if (items.isEmpty() || (dropLast && items.size() < batchSize)) return null;
            try {
                return collate.collate(items);
            } catch (RuntimeException | Error e) {
                throw new DataLoaderException("StreamLoader: collating batch " + batch + " (stream items " + (position - items.size()) + ".."
                        + (position - 1) + ") failed: " + e, -1, batch, e);
            } finally {
                batch++;
            }
        }
    }

    /** One pass: either reads inline or drains a queue filled by a daemon reader thread. */
    public static final class Pass<B> implements Iterator<B>, AutoCloseable {
        private static final Object END = new Object();
        private final Reader<?, B> reader;
        private final BlockingQueue<Object> queue;
        private final Thread thread;
        private Object pending;
        private boolean finished;

        Pass(Reader<?, B> reader, Integer prefetch) {
            this.reader = reader;
            if (prefetch == null) {
                queue = null;
                thread = null;
            } else {
                queue = new ArrayBlockingQueue<>(prefetch + 1);
                thread = new Thread(this::produce, "nabla-stream-loader");
                thread.setDaemon(true);
                thread.start();
            }
        }

        private void produce() {
            try {
                for (B b; (b = reader.read()) != null; ) queue.put(b);
                queue.put(END);
            } catch (InterruptedException e) {
                // closed by the consumer: stop quietly
            } catch (RuntimeException | Error e) {
                try { queue.put(e); } catch (InterruptedException ignored) { /* closed */ }
            }
        }

        @Override public boolean hasNext() {
            if (finished) return false;
            if (pending == null) {
                if (queue == null) {
                    B b = reader.read();
                    pending = b == null ? END : b;
                } else {
                    try { pending = queue.take(); }
                    catch (InterruptedException e) {
                        close();
                        Thread.currentThread().interrupt();
                        throw new DataLoaderException("StreamLoader: interrupted", -1, reader.batch, e);
                    }
                }
            }
            if (pending == END) { close(); return false; }
            if (pending instanceof RuntimeException e) { close(); pending = null; throw e; }
            if (pending instanceof Error e) { close(); pending = null; throw e; }
            return true;
        }

        @SuppressWarnings("unchecked")
        @Override public B next() {
            if (!hasNext()) throw new NoSuchElementException("StreamLoader: stream exhausted");
            B b = (B) pending;
            pending = null;
            return b;
        }

        @Override public void close() {
            finished = true;
            if (thread != null) thread.interrupt();
        }
    }
}
