package dev.nabla.nn.loss;

import dev.nabla.nn.functional.Losses;
import dev.nabla.nn.functional.Reduction;
import dev.nabla.tensor.Tensor;

/** Cosine embedding loss of a pair with labels 1 / -1; see {@link Losses#cosineEmbedding}. Takes three inputs, so it is not a {@link Loss}. */
public record CosineEmbeddingLoss(double margin, Reduction reduction) {
    public CosineEmbeddingLoss() { this(0, Reduction.MEAN); }

    public Tensor apply(Tensor x1, Tensor x2, Tensor y) { return Losses.cosineEmbedding(x1, x2, y, margin, reduction); }
}
