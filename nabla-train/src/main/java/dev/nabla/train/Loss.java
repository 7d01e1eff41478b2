package dev.nabla.train;

import dev.nabla.tensor.Tensor;

/**
 * A training objective: a scalar tensor from the model output and the target, differentiable in
 * the output. Lambdas work: {@code (out, y) -> out.sub(y).square().mean()}.
 */
@FunctionalInterface
public interface Loss {
    /**
     * @param output model output. Not modified.
     * @param target targets of the batch. Not modified.
     * @return a 0-d tensor
     */
    Tensor compute(Tensor output, Tensor target);
}
