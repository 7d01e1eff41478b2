package dev.nabla.nn.loss;

import dev.nabla.tensor.Tensor;

/**
 * A loss as an object (configured once, applied per batch); each implementation is a record over a
 * function of {@link dev.nabla.nn.functional.Losses} / {@link dev.nabla.nn.functional.CrossEntropy}.
 *
 * <pre>{@code
 * Loss loss = new CrossEntropyLoss().withLabelSmoothing(0.1);
 * Tensor l = loss.apply(model.forward(x), y);
 * }</pre>
 */
@FunctionalInterface
public interface Loss {
    /** The loss of {@code prediction} against {@code target}. Neither is modified. */
    Tensor apply(Tensor prediction, Tensor target);
}
