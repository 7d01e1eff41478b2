package dev.nabla.train;

import dev.nabla.tensor.Generator;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * {@link Batches} that asks a {@link Batches.Gather} for each batch: {@code n} items in consecutive runs of
 * {@code batchSize}, in storage order or in a fresh permutation from the epoch's generator. Both
 * {@link Batches#of} and {@link Batches#gathered} are built on it, so they shuffle identically.
 */
final class GatheredBatches implements Batches {
    private final int n, batchSize;
    private final boolean shuffle;
    private final Gather gather;

    /** {@code op} names the factory in error messages. */
    GatheredBatches(String op, int n, int batchSize, boolean shuffle, Gather gather) {
        if (batchSize < 1) throw new IllegalArgumentException(op + ": batch size must be >= 1, got " + batchSize);
        this.n = n;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.gather = java.util.Objects.requireNonNull(gather, op + ": gather");
    }

    @Override public int batchCount() { return (n + batchSize - 1) / batchSize; }

    @Override public long sampleCount() { return n; }

    @Override public Iterator<Batch> epoch(int epoch, Generator rng) {
        int[] order = shuffle ? rng.permutationArray(n) : null;
        return new Iterator<>() {
            int start;

            @Override public boolean hasNext() { return start < n; }

            @Override public Batch next() {
                if (start >= n) throw new NoSuchElementException();
                int end = Math.min(n, start + batchSize);
                Batch b = gather.gather(order, start, end);
                start = end;
                return b;
            }
        };
    }
}
