package dev.nabla.data;

import dev.nabla.tensor.Generator;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/** The lazy views behind {@link Dataset}'s default methods. */
final class Wrappers {
    private Wrappers() {}

    /** Mixes (seed, epoch, index) into one well-spread seed; SplitMix64's finalizer. */
    static long mix(long seed, long epoch, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + index * 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    record Computed<T>(int size, IntFunction<? extends T> item) implements Dataset<T> {
        Computed {
            if (size < 0) throw new IllegalArgumentException("Dataset.of: size must be >= 0, got " + size);
        }
        @Override public T get(int index) { return item.apply(Dataset.checkIndex(index, size)); }
    }

    interface IndexedFn<T, R> { R apply(T item, int index); }

    record Mapped<T, R>(Dataset<T> source, IndexedFn<? super T, ? extends R> f) implements Dataset<R> {
        @Override public int size() { return source.size(); }
        @Override public R get(int index) { return f.apply(source.get(index), index); }
        @Override public void setEpoch(int epoch) { source.setEpoch(epoch); }
    }

    static final class Augmented<T, R> implements Dataset<R> {
        private final Dataset<T> source;
        private final long seed;
        private final BiFunction<? super T, Generator, ? extends R> f;
        private volatile int epoch;

        Augmented(Dataset<T> source, long seed, BiFunction<? super T, Generator, ? extends R> f) {
            this.source = source; this.seed = seed; this.f = f;
        }
        @Override public int size() { return source.size(); }
        @Override public R get(int index) {
            return f.apply(source.get(index), new Generator(mix(seed, epoch, index)));
        }
        @Override public void setEpoch(int epoch) { this.epoch = epoch; source.setEpoch(epoch); }
    }

    static final class Subset<T> implements Dataset<T> {
        private final Dataset<T> source;
        private final int[] indices;

        Subset(Dataset<T> source, int[] indices) {
            int n = source.size();
            for (int k = 0; k < indices.length; k++)
                if (indices[k] < 0 || indices[k] >= n)
                    throw new IndexOutOfBoundsException("Dataset.subset: index " + indices[k] + " at position " + k
                            + " is out of range for a dataset of size " + n);
            this.source = source; this.indices = indices;
        }
        @Override public int size() { return indices.length; }
        @Override public T get(int index) { return source.get(indices[Dataset.checkIndex(index, indices.length)]); }
        @Override public void setEpoch(int epoch) { source.setEpoch(epoch); }
    }

    static final class Concat<T> implements Dataset<T> {
        private final List<Dataset<? extends T>> parts;
        private final int[] starts;

        Concat(List<Dataset<? extends T>> parts) {
            this.parts = parts;
            starts = new int[parts.size() + 1];
            for (int k = 0; k < parts.size(); k++) {
                long next = (long) starts[k] + parts.get(k).size();
                if (next > Integer.MAX_VALUE) throw new IllegalArgumentException("Dataset.concat: total size " + next + " exceeds 2^31-1");
                starts[k + 1] = (int) next;
            }
        }
        @Override public int size() { return starts[parts.size()]; }
        @Override public T get(int index) {
            Dataset.checkIndex(index, size());
            int k = java.util.Arrays.binarySearch(starts, index);
            if (k < 0) k = -k - 2;
            while (parts.get(k).size() == 0 || index >= starts[k + 1]) k++; // skip empty parts sharing a start
            return parts.get(k).get(index - starts[k]);
        }
        @Override public void setEpoch(int epoch) { for (Dataset<? extends T> p : parts) p.setEpoch(epoch); }
    }

    static final class Cached<T> implements Dataset<T> {
        private final Dataset<T> source;
        private final AtomicReferenceArray<T> memo;

        Cached(Dataset<T> source) { this.source = source; this.memo = new AtomicReferenceArray<>(source.size()); }
        @Override public int size() { return memo.length(); }
        @Override public T get(int index) {
            T v = memo.get(Dataset.checkIndex(index, memo.length()));
            if (v == null) {
                v = source.get(index);
                if (!memo.compareAndSet(index, null, v)) v = memo.get(index);
            }
            return v;
        }
        @Override public void setEpoch(int epoch) { source.setEpoch(epoch); }
    }
}
