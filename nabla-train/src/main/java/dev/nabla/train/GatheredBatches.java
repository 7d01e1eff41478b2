package dev.nabla.train;

import dev.nabla.tensor.Generator;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** {@link Batches} that asks a {@link Batches.Gather} for each batch; shuffles exactly as {@link TensorBatches} does. */
final class GatheredBatches implements Batches {
    private final int n, batchSize;
    private final boolean shuffle;
    private final Gather gather;

    GatheredBatches(int n, int batchSize, boolean shuffle, Gather gather) {
        if (n < 1) throw new IllegalArgumentException("Batches.gathered: need at least one item, got " + n);
        if (batchSize < 1) throw new IllegalArgumentException("Batches.gathered: batch size must be >= 1, got " + batchSize);
        this.n = n;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.gather = java.util.Objects.requireNonNull(gather, "Batches.gathered: gather");
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
