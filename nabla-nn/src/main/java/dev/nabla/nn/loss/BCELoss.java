package dev.nabla.nn.loss;

import dev.nabla.nn.functional.Losses;
import dev.nabla.nn.functional.Reduction;
import dev.nabla.tensor.Tensor;

/** Binary cross-entropy of probabilities; see {@link Losses#binaryCrossEntropy}. */
public record BCELoss(Tensor weight, Reduction reduction) implements Loss {
    public BCELoss() { this(null, Reduction.MEAN); }

    @Override public Tensor apply(Tensor probabilities, Tensor target) { return Losses.binaryCrossEntropy(probabilities, target, weight, reduction); }
}
