package dev.nabla.data;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

/**
 * One labelled training example: an input tensor and its target. Classification targets are
 * scalar int64 tensors (see {@link #of(Tensor, int)}); regression or sequence targets may have any shape.
 *
 * @param input  the model input, e.g. a [1, 28, 28] float32 image. Not modified.
 * @param target the target, e.g. a scalar int64 class label. Not modified.
 */
public record Example(Tensor input, Tensor target) {
    public Example {
        if (input == null || target == null) throw new IllegalArgumentException("Example: input and target must not be null");
    }

    /** An example with an integer class label, stored as a scalar int64 tensor. */
    public static Example of(Tensor input, int label) {
        return new Example(input, Tensor.scalar(label, DType.INT64));
    }

    /** The class label of a scalar integer target. */
    public int label() {
        if (target.numel() != 1 || !target.dtype().isIntegral())
            throw new IllegalStateException("Example.label: target of shape " + java.util.Arrays.toString(target.shape())
                    + " and dtype " + target.dtype() + " is not a scalar class label (need one int32/int64 element)");
        return (int) target.storage().getLong(target.offset());
    }
}
