package dev.nabla.train;

import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

/** The usual losses as {@link Loss} values, backed by {@code dev.nabla.nn.functional.Losses}. */
public final class Losses {
    private Losses() {}

    /** Mean softmax cross-entropy of logits [N, C] against int labels [N]. */
    public static Loss crossEntropy() {
        return (out, y) -> {
            if (out.dim() != 2 || y.dim() != 1 || y.size(0) != out.size(0) || y.dtype().isFloating())
                throw new IllegalArgumentException("crossEntropy: need logits [N, C] and integer labels [N], got "
                        + Shapes.str(out.shapeRef()) + " and " + y.dtype() + " " + Shapes.str(y.shapeRef()));
            return dev.nabla.nn.functional.Losses.crossEntropy(out, y); // fused softmax + NLL with a hand-written backward
        };
    }

    /** Mean squared error over all elements. */
    public static Loss mse() {
        return (out, y) -> dev.nabla.nn.functional.Losses.mse(out, y.reshape(out.shape()));
    }

    /** Mean binary cross-entropy of logits against 0/1 targets of the same shape, in the stable form. */
    public static Loss binaryCrossEntropyWithLogits() {
        return (out, y) -> dev.nabla.nn.functional.Losses.bceWithLogits(out, y.reshape(out.shape()).to(out.dtype()));
    }
}
