package dev.nabla.autograd;

import dev.nabla.tensor.Tensor;

/**
 * The chain rule of one recorded op: given the gradients of its outputs (null where an output got
 * none), returns the gradients of its inputs (null where an input needs none). Written with tensor
 * ops so that, under {@code createGraph}, the backward pass is itself differentiable.
 */
@FunctionalInterface
public interface BackwardFn {
    Tensor[] apply(Tensor[] gradOutputs);
}
