package dev.nabla.data;

import dev.nabla.data.sampler.RandomSampler;
import dev.nabla.data.sampler.Sampler;
import dev.nabla.data.sampler.SequentialSampler;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Batches a {@link Dataset}: a sampler picks each epoch's order, items are loaded on worker threads
 * with bounded prefetch, collated into batches, and handed out in order.
 *
 * <pre>{@code
 * DataLoader<Example, Batch> loader = DataLoader.of(train).batchSize(64).shuffle(true).seed(42).workers(2).build();
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     try (DataLoader.Epoch<Batch> batches = loader.epoch(epoch)) {   // closing stops the workers early
 *         for (Batch b : batches) { ... b.inputs() [64, 1, 28, 28], b.targets() [64] int64 ... }
 *     }
 * }
 * }</pre>
 *
 * <p>Reproducibility: the epoch's order comes from the sampler on the caller's thread and random
 * augmentation is seeded per (seed, epoch, index) (see {@link Dataset#augment}), so the same seed gives
 * the same batches for 0, 1 or 2 workers. Errors: a failing item reaches the caller as a
 * {@link DataLoaderException} naming its dataset index; the workers are then stopped.
 * Starting an epoch tells the dataset its number ({@link Dataset#setEpoch}), so consume epochs one
 * after another rather than interleaved.
 *
 * @param <T> item type
 * @param <B> batch type
 */
public final class DataLoader<T, B> implements Iterable<B> {
    private final Dataset<T> dataset;
    private final Collate<T, B> collate;
    private final Sampler sampler;
    private final int batchSize;
    private final boolean dropLast;
    private final int workers;
    private final int prefetch;
    private int nextEpoch;

    private DataLoader(Builder<T, B> b) {
        this.dataset = b.dataset;
        this.collate = b.collate;
        this.sampler = b.sampler != null ? b.sampler
                : b.shuffle ? new RandomSampler(b.dataset.size(), b.seed) : new SequentialSampler(b.dataset.size());
        this.batchSize = b.batchSize;
        this.dropLast = b.dropLast;
        this.workers = b.workers;
        this.prefetch = b.prefetch > 0 ? b.prefetch : 2 * Math.max(1, b.workers);
    }

    /** A builder for labelled examples, collated into {@link Batch}es. */
    public static Builder<Example, Batch> of(Dataset<Example> dataset) { return new Builder<>(dataset, Collate.examples()); }

    /** A builder with a custom collate step (tensors, tuples, maps, padded sequences, ...). */
    public static <T, B> Builder<T, B> of(Dataset<T> dataset, Collate<T, B> collate) { return new Builder<>(dataset, collate); }

    /** Batches per epoch. */
    public int numBatches() {
        int n = sampler.length();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    public int batchSize() { return batchSize; }

    public int workers() { return workers; }

    public Dataset<T> dataset() { return dataset; }

    /** The next epoch (0, 1, 2, ... on successive calls). Close it if you stop before the end. */
    @Override public Epoch<B> iterator() { return epoch(nextEpoch); }

    /** Epoch {@code e} explicitly, e.g. when resuming from a checkpoint; later {@link #iterator()} calls continue at e + 1. */
    public synchronized Epoch<B> epoch(int e) {
        if (e < 0) throw new IllegalArgumentException("DataLoader.epoch: epoch must be >= 0, got " + e);
        nextEpoch = e + 1;
        int[] order = sampler.indices(e);
        for (int k = 0; k < order.length; k++) Dataset.checkIndex(order[k], dataset.size());
        dataset.setEpoch(e);
        return new Epoch<>(new EpochRun<>(this, e, order, numBatches()));
    }

    /** Loads and collates batch {@code b} of an epoch; wraps failures with the item index. */
    B loadBatch(int epoch, int[] order, int b) {
        int from = b * batchSize, to = Math.min(order.length, from + batchSize);
        List<T> items = new ArrayList<>(to - from);
        for (int k = from; k < to; k++) {
            int index = order[k];
            try {
                items.add(dataset.get(index));
            } catch (RuntimeException | Error e) {
                throw new DataLoaderException("DataLoader: loading dataset item " + index + " (batch " + b + " of epoch " + epoch
                        + ") failed: " + e, index, b, e);
            }
        }
        try {
            return collate.collate(items);
        } catch (RuntimeException | Error e) {
            throw new DataLoaderException("DataLoader: collating batch " + b + " of epoch " + epoch + " (dataset items "
                    + order[from] + ".. at sampler positions " + from + ".." + (to - 1) + ") failed: " + e, -1, b, e);
        }
    }

    int workerCount() { return workers; }

    int prefetchDepth() { return prefetch; }

    /** One pass over the data: an iterator over batches that also stops its workers when closed. */
    public static final class Epoch<B> implements java.util.Iterator<B>, Iterable<B>, AutoCloseable {
        private final EpochRun<?, B> run;

        Epoch(EpochRun<?, B> run) { this.run = run; }

        @Override public boolean hasNext() { return run.hasNext(); }

        @Override public B next() { return run.next(); }

        @Override public java.util.Iterator<B> iterator() { return this; }

        /** Stops loading: cancels prefetched batches and ends the worker threads. Idempotent. */
        @Override public void close() { run.close(); }

        /** Batches in this epoch. */
        public int numBatches() { return run.numBatches(); }
    }

    /** Configures a {@link DataLoader}. Defaults: batch 1, sequential order, keep the last partial batch, no workers. */
    public static final class Builder<T, B> {
        private final Dataset<T> dataset;
        private final Collate<T, B> collate;
        private Sampler sampler;
        private int batchSize = 1;
        private boolean shuffle, dropLast;
        private long seed;
        private int workers, prefetch;

        Builder(Dataset<T> dataset, Collate<T, B> collate) {
            this.dataset = Objects.requireNonNull(dataset, "DataLoader: dataset is null");
            this.collate = Objects.requireNonNull(collate, "DataLoader: collate is null");
        }

        public Builder<T, B> batchSize(int n) {
            if (n < 1) throw new IllegalArgumentException("DataLoader: batchSize must be >= 1, got " + n);
            batchSize = n;
            return this;
        }

        /** Random order each epoch (a {@link RandomSampler} with {@link #seed}). */
        public Builder<T, B> shuffle(boolean on) { shuffle = on; return this; }

        public Builder<T, B> seed(long s) { seed = s; return this; }

        /** Drop the last batch if it is smaller than batchSize. */
        public Builder<T, B> dropLast(boolean on) { dropLast = on; return this; }

        /** A custom order (weighted, distributed, ...); overrides {@link #shuffle}. */
        public Builder<T, B> sampler(Sampler s) { sampler = s; return this; }

        /** Worker threads loading batches in parallel; 0 loads on the caller's thread. */
        public Builder<T, B> workers(int n) {
            if (n < 0) throw new IllegalArgumentException("DataLoader: workers must be >= 0, got " + n);
            workers = n;
            return this;
        }

        /** Batches loaded ahead of the consumer (default 2 per worker); bounds memory. */
        public Builder<T, B> prefetch(int n) {
            if (n < 1) throw new IllegalArgumentException("DataLoader: prefetch must be >= 1, got " + n);
            prefetch = n;
            return this;
        }

        public DataLoader<T, B> build() { return new DataLoader<>(this); }
    }
}
