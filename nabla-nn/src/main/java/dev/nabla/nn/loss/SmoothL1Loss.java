package dev.nabla.nn.loss;

import dev.nabla.nn.functional.Losses;
import dev.nabla.nn.functional.Reduction;
import dev.nabla.tensor.Tensor;

/** Smooth L1; see {@link Losses#smoothL1(Tensor, Tensor, Reduction, double)}. */
public record SmoothL1Loss(Reduction reduction, double beta) implements Loss {
    public SmoothL1Loss() { this(Reduction.MEAN, 1.0); }

    @Override public Tensor apply(Tensor prediction, Tensor target) { return Losses.smoothL1(prediction, target, reduction, beta); }
}
