package dev.nabla.nn.loss;

import dev.nabla.nn.functional.Losses;
import dev.nabla.nn.functional.Reduction;
import dev.nabla.tensor.Tensor;

/** Squared error; see {@link Losses#mse(Tensor, Tensor, Reduction)}. */
public record MSELoss(Reduction reduction) implements Loss {
    public MSELoss() { this(Reduction.MEAN); }

    @Override public Tensor apply(Tensor prediction, Tensor target) { return Losses.mse(prediction, target, reduction); }
}
