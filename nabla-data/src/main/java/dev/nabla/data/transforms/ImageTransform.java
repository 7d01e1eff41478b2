package dev.nabla.data.transforms;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/**
 * A transform of one float32 image stored channel-major ([C, H, W], row by row) in a float[]. Working
 * on the raw array keeps per-image cost to a few passes over memory; {@link Transforms#compose} chains
 * several with one copy in total.
 */
public interface ImageTransform extends Transform<Tensor> {
    /**
     * Transforms {@code img} (length c*h*w; may be modified in place) and returns the result, whose
     * dimensions are {@link #outShape}(c, h, w).
     */
    float[] apply(float[] img, int c, int h, int w, Generator rng);

    /** The output [C, H, W] for an input [c, h, w]; the same by default. */
    default int[] outShape(int c, int h, int w) { return new int[]{c, h, w}; }

    /** Applies to a [C, H, W] or [H, W] float32 tensor (not modified). */
    @Override default Tensor apply(Tensor x, Generator rng) {
        if (x.dtype() != DType.FLOAT32 || (x.dim() != 3 && x.dim() != 2))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": image of shape " + Arrays.toString(x.shape()) + " and dtype "
                    + x.dtype() + " must be float32 [C, H, W] or [H, W] (use Transforms.toFloat first for bytes)");
        int c = x.dim() == 3 ? x.size(0) : 1, h = x.size(x.dim() - 2), w = x.size(x.dim() - 1);
        // Work on a copy so that in-place steps never touch the source (which a cached dataset may share).
        float[] copy = x.isContiguous() ? Arrays.copyOfRange(x.storage().floats(), x.offset(), x.offset() + x.numel()) : x.toFloatArray();
        float[] out = apply(copy, c, h, w, rng);
        int[] s = outShape(c, h, w);
        return x.dim() == 3 ? Tensor.wrap(out, s) : Tensor.wrap(out, s[1], s[2]);
    }
}
