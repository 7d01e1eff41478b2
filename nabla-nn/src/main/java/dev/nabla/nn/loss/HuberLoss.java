package dev.nabla.nn.loss;

import dev.nabla.nn.functional.Losses;
import dev.nabla.nn.functional.Reduction;
import dev.nabla.tensor.Tensor;

/** Huber loss; see {@link Losses#huber(Tensor, Tensor, Reduction, double)}. */
public record HuberLoss(Reduction reduction, double delta) implements Loss {
    public HuberLoss() { this(Reduction.MEAN, 1.0); }

    @Override public Tensor apply(Tensor prediction, Tensor target) { return Losses.huber(prediction, target, reduction, delta); }
}
