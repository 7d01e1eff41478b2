package dev.nabla.data;

import dev.nabla.tensor.Tensor;

/**
 * A collated mini-batch of {@link Example}s, as produced by {@link DataLoader} with {@link Collate#examples()}.
 *
 * <p>Shape: {@code inputs} is [N, ...input shape]; {@code targets} is [N] int64 for class labels or
 * [N, ...target shape] otherwise; {@code lengths} is [N] int64 with each sequence's true length when the
 * batch was padded ({@link Collate#paddedExamples}), else {@code null}.
 */
public record Batch(Tensor inputs, Tensor targets, Tensor lengths) {
    public Batch(Tensor inputs, Tensor targets) { this(inputs, targets, null); }

    /** The number of examples N. */
    public int size() { return inputs.size(0); }
}
