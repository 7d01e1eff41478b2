package dev.nabla.train;

import dev.nabla.tensor.Tensor;

/** One mini-batch: inputs with the batch as dim 0, and the matching targets. */
public record Batch(Tensor input, Tensor target) {
    /** Number of samples (dim 0 of the input). */
    public int size() { return input.dim() == 0 ? 1 : input.size(0); }
}
