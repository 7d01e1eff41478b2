package dev.nabla.train;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.util.Iterator;

/**
 * A source of mini-batches, one pass per epoch. The model hands in its generator so that
 * shuffling (and any augmentation) follows the model's seed and resumes exactly from a checkpoint.
 */
public interface Batches {
    /**
     * The batches of one epoch.
     *
     * @param epoch 1-based epoch number (loaders seeded per epoch use it, so a resumed run sees the same order)
     * @param rng   the model's generator, for sources that shuffle or augment from it
     */
    Iterator<Batch> epoch(int epoch, Generator rng);

    /** Batches per epoch, or -1 if unknown (the progress bar then shows no ETA). */
    default int batchCount() { return -1; }

    /** Samples per epoch, or -1 if unknown. */
    default long sampleCount() { return -1; }

    /**
     * In-memory tensors split along dim 0.
     *
     * @param inputs  [N, ...]. Not modified.
     * @param targets [N, ...]. Not modified.
     * @param shuffle a fresh order every epoch from the model's generator
     */
    static Batches of(Tensor inputs, Tensor targets, int batchSize, boolean shuffle) {
        return TensorBatches.of(inputs, targets, batchSize, shuffle);
    }

    /**
     * Builds the batch of items {@code order[from..to)}; {@code order} is null when the items are in storage order.
     * Lets data kept compactly (e.g. uint8 images) be converted one batch at a time instead of all at once.
     */
    @FunctionalInterface
    interface Gather {
        Batch gather(int[] order, int from, int to);
    }

    /**
     * {@code n} items split into batches by {@code gather}, shuffled like {@link #of} (the same order for the same
     * generator state, so switching a dataset between the two keeps a run reproducible).
     *
     * @param n         number of items
     * @param batchSize items per batch (the last batch holds the remainder)
     * @param shuffle   a fresh order every epoch from the model's generator
     */
    static Batches gathered(int n, int batchSize, boolean shuffle, Gather gather) {
        if (n < 1) throw new IllegalArgumentException("Batches.gathered: need at least one item, got " + n);
        return new GatheredBatches("Batches.gathered", n, batchSize, shuffle, gather);
    }

    /**
     * A nabla-data {@code DataLoader} (workers, samplers, transforms). Epoch e of fit runs the loader's
     * epoch e − 1, whose order comes from the loader's own seed, so a resumed run sees the same batches.
     */
    static Batches from(dev.nabla.data.DataLoader<?, dev.nabla.data.Batch> loader) {
        return new Batches() {
            @Override public Iterator<Batch> epoch(int epoch, Generator rng) {
                var it = loader.epoch(epoch - 1);
                return new Iterator<>() {
                    @Override public boolean hasNext() {
                        boolean more = it.hasNext();
                        if (!more) it.close(); // releases the loader's workers
                        return more;
                    }

                    @Override public Batch next() {
                        dev.nabla.data.Batch b = it.next();
                        return new Batch(b.inputs(), b.targets());
                    }
                };
            }

            @Override public int batchCount() { return loader.numBatches(); }

            @Override public long sampleCount() { return loader.dataset().size(); }
        };
    }
}
