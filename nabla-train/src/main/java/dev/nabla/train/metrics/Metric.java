package dev.nabla.train.metrics;

import dev.nabla.tensor.Tensor;

/**
 * A metric accumulated over batches: {@link #reset()}, then {@link #update} for every batch, then
 * {@link #result()}. Updates only read the tensors (Not modified) and run without autograd.
 *
 * <pre>{@code
 * Metric acc = new Accuracy();
 * for (Batch b : data) acc.update(model.forward(b.input()), b.target());
 * double a = acc.result();
 * }</pre>
 */
public interface Metric {
    /** Key in logs and History, e.g. {@code accuracy}. */
    String name();

    void reset();

    /**
     * Adds one batch.
     *
     * @param output model output, e.g. logits [N, C] or predictions [N, ...]. Not modified.
     * @param target labels [N] (int) or values of the output's shape. Not modified.
     */
    void update(Tensor output, Tensor target);

    /** The value over everything since the last reset (NaN when nothing was seen). */
    double result();

    /** False for metrics whose value is not one number (a confusion matrix): they stay out of the logs. */
    default boolean scalar() { return true; }
}
