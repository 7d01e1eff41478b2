package dev.nabla.data;

import dev.nabla.tensor.Generator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A dataset read in order, of unknown length and possibly larger than memory: the
 * {@code IterableDataset} / {@code tf.data} side of Nabla. Each {@link #iterator()} starts a new pass
 * (an epoch); sources that can be read only once ({@link #once}) say so when read twice.
 *
 * <pre>{@code
 * StreamingDataset<String> lines = StreamingDataset.lines(Path.of("corpus.txt"));
 * StreamingDataset<String> sample = lines.filter(s -> !s.isBlank()).shuffle(10_000, 42).take(1000);
 * }</pre>
 */
@FunctionalInterface
public interface StreamingDataset<T> extends Iterable<T> {

    /** A re-iterable stream whose passes come from {@code source}. */
    static <T> StreamingDataset<T> of(Supplier<? extends Iterator<T>> source) { return source::get; }

    /** A stream that can be iterated only once, e.g. over a network socket. */
    static <T> StreamingDataset<T> once(Iterator<T> it) {
        AtomicBoolean used = new AtomicBoolean();
        return () -> {
            if (used.getAndSet(true))
                throw new IllegalStateException("StreamingDataset.once: this stream was already iterated; use StreamingDataset.of(supplier) for one that can be read again");
            return it;
        };
    }

    /** The lines of a UTF-8 text file, read lazily (the file is reopened for every pass and closed at its end). */
    static StreamingDataset<String> lines(Path file) {
        return () -> new Iterator<>() {
            BufferedReader reader = open();
            String next = advance();

            private BufferedReader open() {
                try { return Files.newBufferedReader(file, StandardCharsets.UTF_8); }
                catch (IOException e) { throw new UncheckedIOException("StreamingDataset.lines: cannot open " + file, e); }
            }
            private String advance() {
                try {
                    String s = reader.readLine();
                    if (s == null) reader.close();
                    return s;
                } catch (IOException e) {
                    throw new UncheckedIOException("StreamingDataset.lines: reading " + file + " failed (undecodable UTF-8?)", e);
                }
            }
            @Override public boolean hasNext() { return next != null; }
            @Override public String next() {
                if (next == null) throw new NoSuchElementException("StreamingDataset.lines: end of " + file);
                String s = next;
                next = advance();
                return s;
            }
        };
    }

    default <R> StreamingDataset<R> map(Function<? super T, ? extends R> f) {
        return () -> {
            Iterator<T> it = iterator();
            return new Iterator<R>() {
                @Override public boolean hasNext() { return it.hasNext(); }
                @Override public R next() { return f.apply(it.next()); }
            };
        };
    }

    /**
     * Applies a random transform with a generator seeded from (seed, pass number, position in the pass),
     * so results are reproducible run to run and differ between passes.
     */
    default <R> StreamingDataset<R> augment(long seed, BiFunction<? super T, Generator, ? extends R> f) {
        AtomicInteger pass = new AtomicInteger();
        return () -> {
            Iterator<T> it = iterator();
            int epoch = pass.getAndIncrement();
            return new Iterator<R>() {
                long position;
                @Override public boolean hasNext() { return it.hasNext(); }
                @Override public R next() { return f.apply(it.next(), new Generator(Wrappers.mix(seed, epoch, position++))); }
            };
        };
    }

    default StreamingDataset<T> filter(Predicate<? super T> keep) {
        return () -> {
            Iterator<T> it = iterator();
            return new Lookahead<T>() {
                @Override protected boolean fetch() {
                    while (it.hasNext()) {
                        T x = it.next();
                        if (keep.test(x)) { set(x); return true; }
                    }
                    return false;
                }
            };
        };
    }

    /** At most the first {@code n} items. */
    default StreamingDataset<T> take(long n) {
        if (n < 0) throw new IllegalArgumentException("StreamingDataset.take: n must be >= 0, got " + n);
        return () -> {
            Iterator<T> it = iterator();
            return new Iterator<T>() {
                long left = n;
                @Override public boolean hasNext() { return left > 0 && it.hasNext(); }
                @Override public T next() {
                    if (left <= 0) throw new NoSuchElementException("StreamingDataset.take: all " + n + " items read");
                    left--;
                    return it.next();
                }
            };
        };
    }

    /** Everything after the first {@code n} items. */
    default StreamingDataset<T> skip(long n) {
        if (n < 0) throw new IllegalArgumentException("StreamingDataset.skip: n must be >= 0, got " + n);
        return () -> {
            Iterator<T> it = iterator();
            for (long k = 0; k < n && it.hasNext(); k++) it.next();
            return it;
        };
    }

    default StreamingDataset<T> concat(StreamingDataset<? extends T> other) {
        return () -> {
            Iterator<T> a = iterator();
            return new Lookahead<T>() {
                Iterator<? extends T> b;
                @Override protected boolean fetch() {
                    if (a.hasNext()) { set(a.next()); return true; }
                    if (b == null) b = other.iterator();
                    if (b.hasNext()) { set(b.next()); return true; }
                    return false;
                }
            };
        };
    }

    /**
     * Approximate shuffling with a buffer of {@code bufferSize} items (tf.data's shuffle): each output is a
     * random pick from the buffer, refilled from the stream. Memory is bounded by the buffer; pass k uses
     * seed (seed, k), so passes differ but runs repeat.
     */
    default StreamingDataset<T> shuffle(int bufferSize, long seed) {
        if (bufferSize < 1) throw new IllegalArgumentException("StreamingDataset.shuffle: bufferSize must be >= 1, got " + bufferSize);
        AtomicInteger pass = new AtomicInteger();
        return () -> {
            Iterator<T> it = iterator();
            Generator g = new Generator(Wrappers.mix(seed, pass.getAndIncrement(), 0));
            @SuppressWarnings("unchecked") T[] buf = (T[]) new Object[bufferSize];
            return new Lookahead<T>() {
                int filled;
                @Override protected boolean fetch() {
                    while (filled < bufferSize && it.hasNext()) buf[filled++] = it.next();
                    if (filled == 0) return false;
                    int k = (int) g.nextLong(filled);
                    set(buf[k]);
                    buf[k] = buf[--filled];
                    buf[filled] = null;
                    return true;
                }
            };
        };
    }

    /** Reads the whole stream into a random-access {@link Dataset} (it must fit in memory). */
    default Dataset<T> materialize() {
        java.util.ArrayList<T> items = new java.util.ArrayList<>();
        for (T x : this) items.add(x);
        return Dataset.of(items);
    }

    /** An iterator that computes its next element ahead of time, for filtering views. */
    abstract class Lookahead<T> implements Iterator<T> {
        private T pending;
        private boolean ready, done;

        /** Finds the next element and passes it to {@link #set}; false at the end. */
        protected abstract boolean fetch();

        protected final void set(T x) { pending = x; }

        @Override public final boolean hasNext() {
            if (!ready && !done) {
                if (fetch()) ready = true; else done = true;
            }
            return ready;
        }

        @Override public final T next() {
            if (!hasNext()) throw new NoSuchElementException("stream exhausted");
            ready = false;
            T x = pending;
            pending = null;
            return x;
        }
    }
}
