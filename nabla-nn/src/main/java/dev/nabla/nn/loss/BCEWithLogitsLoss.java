package dev.nabla.nn.loss;

import dev.nabla.nn.functional.Losses;
import dev.nabla.nn.functional.Reduction;
import dev.nabla.tensor.Tensor;

/** Binary cross-entropy on logits; see {@link Losses#bceWithLogits(Tensor, Tensor, Tensor, Tensor, Reduction)}. */
public record BCEWithLogitsLoss(Tensor weight, Tensor posWeight, Reduction reduction) implements Loss {
    public BCEWithLogitsLoss() { this(null, null, Reduction.MEAN); }

    @Override public Tensor apply(Tensor logits, Tensor target) { return Losses.bceWithLogits(logits, target, weight, posWeight, reduction); }
}
