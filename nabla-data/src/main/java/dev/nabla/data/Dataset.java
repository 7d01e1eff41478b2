package dev.nabla.data;

import dev.nabla.tensor.Generator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * A random-access dataset of known length, the {@code torch.utils.data.Dataset} of Nabla.
 * Implementations must allow {@link #get} from several threads at once (the {@link DataLoader}'s
 * workers); the views returned by {@link #map}, {@link #subset}, ... are lazy and cost nothing until read.
 *
 * <pre>{@code
 * Dataset<Example> train = FashionMNIST.load(Split.TRAIN, LoadOptions.defaults());
 * List<Dataset<Example>> parts = train.randomSplit(42, 0.9, 0.1);   // train / validation
 * Dataset<Example> augmented = parts.get(0).augment(7, Transforms.onInput(
 *         Transforms.compose(new RandomCrop(28, 2), new HorizontalFlip(0.5))));
 * }</pre>
 *
 * @param <T> the item type, typically {@link Example}
 */
public interface Dataset<T> {
    /** The number of items. */
    int size();

    /** Item {@code index}, 0 &lt;= index &lt; size(). Throws {@link IndexOutOfBoundsException} naming size and index otherwise. */
    T get(int index);

    /**
     * Tells random views which epoch is running, so their per-item random numbers change between epochs
     * but stay reproducible. Called by the {@link DataLoader}; views forward it to their sources.
     */
    default void setEpoch(int epoch) {}

    /** A dataset of {@code size} items computed by {@code item} (called on every access). */
    static <T> Dataset<T> of(int size, IntFunction<? extends T> item) { return new Wrappers.Computed<>(size, item); }

    /** A dataset over a list (not copied). */
    static <T> Dataset<T> of(List<? extends T> items) { return of(items.size(), items::get); }

    /** A lazy view applying {@code f} to each item when it is read. */
    default <R> Dataset<R> map(Function<? super T, ? extends R> f) { return new Wrappers.Mapped<>(this, (x, i) -> f.apply(x)); }

    /**
     * A lazy view applying a random transform with a generator seeded from (seed, epoch, index): the same
     * seed gives the same augmented items in every run and for any number of loader workers.
     */
    default <R> Dataset<R> augment(long seed, BiFunction<? super T, Generator, ? extends R> f) {
        return new Wrappers.Augmented<>(this, seed, f);
    }

    /** The items for which {@code keep} is true. Evaluates the predicate once over every item, now. */
    default Dataset<T> filter(Predicate<? super T> keep) {
        int[] idx = new int[size()];
        int n = 0;
        for (int i = 0; i < size(); i++) if (keep.test(get(i))) idx[n++] = i;
        return new Wrappers.Subset<>(this, java.util.Arrays.copyOf(idx, n));
    }

    /** This dataset followed by {@code other}. */
    default Dataset<T> concat(Dataset<? extends T> other) { return new Wrappers.Concat<>(List.of(this, other)); }

    /** The items at {@code indices}, in that order (array copied; each index is checked now). */
    default Dataset<T> subset(int... indices) { return new Wrappers.Subset<>(this, indices.clone()); }

    /** Items [from, to). */
    default Dataset<T> range(int from, int to) {
        if (from < 0 || to > size() || from > to)
            throw new IndexOutOfBoundsException("Dataset.range: [" + from + ", " + to + ") is not within [0, " + size() + "]");
        int[] idx = new int[to - from];
        for (int k = 0; k < idx.length; k++) idx[k] = from + k;
        return new Wrappers.Subset<>(this, idx);
    }

    /** The first {@code n} items (all of them if fewer). */
    default Dataset<T> take(int n) {
        if (n < 0) throw new IllegalArgumentException("Dataset.take: n must be >= 0, got " + n);
        return range(0, Math.min(n, size()));
    }

    /** All but the first {@code n} items. */
    default Dataset<T> skip(int n) {
        if (n < 0) throw new IllegalArgumentException("Dataset.skip: n must be >= 0, got " + n);
        return range(Math.min(n, size()), size());
    }

    /**
     * Splits into disjoint random parts with the given lengths (summing to {@link #size()}).
     * Same seed, same split.
     */
    default List<Dataset<T>> randomSplit(long seed, int... lengths) {
        long total = 0;
        for (int l : lengths) {
            if (l < 0) throw new IllegalArgumentException("Dataset.randomSplit: negative length " + l + " in " + java.util.Arrays.toString(lengths));
            total += l;
        }
        if (total != size())
            throw new IllegalArgumentException("Dataset.randomSplit: lengths " + java.util.Arrays.toString(lengths) + " sum to " + total
                    + " but the dataset has " + size() + " items");
        int[] perm = new Generator(seed).permutationArray(size());
        List<Dataset<T>> parts = new ArrayList<>();
        int at = 0;
        for (int l : lengths) {
            parts.add(new Wrappers.Subset<>(this, java.util.Arrays.copyOfRange(perm, at, at + l)));
            at += l;
        }
        return parts;
    }

    /**
     * Splits by fractions summing to 1, e.g. {@code randomSplit(42, 0.8, 0.2)}. Rounding remainders go to
     * the first parts, one item each.
     */
    default List<Dataset<T>> randomSplit(long seed, double... fractions) {
        double sum = 0;
        for (double f : fractions) {
            if (!(f >= 0)) throw new IllegalArgumentException("Dataset.randomSplit: fraction " + f + " must be >= 0");
            sum += f;
        }
        if (Math.abs(sum - 1) > 1e-6)
            throw new IllegalArgumentException("Dataset.randomSplit: fractions " + java.util.Arrays.toString(fractions) + " sum to " + sum + ", need 1");
        int[] lengths = new int[fractions.length];
        int assigned = 0;
        for (int k = 0; k < fractions.length; k++) assigned += lengths[k] = (int) Math.floor(fractions[k] * size());
        for (int k = 0; assigned < size(); k = (k + 1) % lengths.length, assigned++) lengths[k]++;
        return randomSplit(seed, lengths);
    }

    /**
     * Keeps each item after its first read (thread-safe). Put it before random augmentation, not after,
     * or the first epoch's random choices are frozen.
     */
    default Dataset<T> cache() { return new Wrappers.Cached<>(this); }

    /** This dataset as a stream, in index order. */
    default StreamingDataset<T> stream() {
        return () -> new java.util.Iterator<T>() {
            int next;
            @Override public boolean hasNext() { return next < size(); }
            @Override public T next() {
                if (next >= size()) throw new java.util.NoSuchElementException("Dataset.stream: all " + size() + " items read");
                return get(next++);
            }
        };
    }

    /** Checks {@code index} against {@code size}, for implementations. */
    static int checkIndex(int index, int size) {
        if (index < 0 || index >= size)
            throw new IndexOutOfBoundsException("dataset index " + index + " out of range for a dataset of size " + size);
        return index;
    }
}
