package dev.nabla.train;

import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

/** The {@link Batches.Gather} of {@link Batches#of}: two in-memory tensors; without shuffling batches are views (no copy). */
final class TensorBatches implements Batches.Gather {
    private final Tensor inputs, targets;

    private TensorBatches(Tensor inputs, Tensor targets) {
        this.inputs = inputs.contiguous();
        this.targets = targets.contiguous();
    }

    static Batches of(Tensor inputs, Tensor targets, int batchSize, boolean shuffle) {
        if (inputs.dim() == 0 || targets.dim() == 0 || inputs.size(0) != targets.size(0))
            throw new IllegalArgumentException("Batches.of: inputs " + Shapes.str(inputs.shapeRef()) + " and targets "
                    + Shapes.str(targets.shapeRef()) + " must have the same size in dim 0");
        return new GatheredBatches("Batches.of", inputs.size(0), batchSize, shuffle, new TensorBatches(inputs, targets));
    }

    @Override public Batch gather(int[] order, int from, int to) {
        int len = to - from;
        if (order == null) return new Batch(inputs.narrow(0, from, len), targets.narrow(0, from, len));
        long[] idx = new long[len];
        for (int k = 0; k < len; k++) idx[k] = order[from + k];
        Tensor index = Tensor.of(idx, len);
        return new Batch(inputs.indexSelect(0, index), targets.indexSelect(0, index));
    }
}
