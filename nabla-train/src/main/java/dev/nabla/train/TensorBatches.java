package dev.nabla.train;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** {@link Batches} over two in-memory tensors; without shuffling batches are views (no copy). */
final class TensorBatches implements Batches {
    private final Tensor inputs, targets;
    private final int batchSize, n;
    private final boolean shuffle;

    TensorBatches(Tensor inputs, Tensor targets, int batchSize, boolean shuffle) {
        if (inputs.dim() == 0 || targets.dim() == 0 || inputs.size(0) != targets.size(0))
            throw new IllegalArgumentException("Batches.of: inputs " + Shapes.str(inputs.shapeRef()) + " and targets "
                    + Shapes.str(targets.shapeRef()) + " must have the same size in dim 0");
        if (batchSize < 1) throw new IllegalArgumentException("Batches.of: batch size must be >= 1, got " + batchSize);
        this.inputs = inputs.contiguous();
        this.targets = targets.contiguous();
        this.batchSize = batchSize;
        this.n = inputs.size(0);
        this.shuffle = shuffle;
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
                int len = Math.min(batchSize, n - start);
                Batch b;
                if (order == null) {
                    b = new Batch(inputs.narrow(0, start, len), targets.narrow(0, start, len));
                } else {
                    long[] idx = new long[len];
                    for (int k = 0; k < len; k++) idx[k] = order[start + k];
                    Tensor index = Tensor.of(idx, len);
                    b = new Batch(inputs.indexSelect(0, index), targets.indexSelect(0, index));
                }
                start += len;
                return b;
            }
        };
    }
}
