package dev.nabla.nn.loss;

import dev.nabla.nn.functional.Losses;
import dev.nabla.nn.functional.Reduction;
import dev.nabla.tensor.Tensor;

/** Absolute error; see {@link Losses#l1(Tensor, Tensor, Reduction)}. */
public record L1Loss(Reduction reduction) implements Loss {
    public L1Loss() { this(Reduction.MEAN); }

    @Override public Tensor apply(Tensor prediction, Tensor target) { return Losses.l1(prediction, target, reduction); }
}
