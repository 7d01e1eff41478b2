package dev.nabla.nn.functional;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

/**
 * Inverted dropout: in training each element (or each channel) is zeroed with probability p and
 * the survivors are scaled by 1/(1−p), so evaluation is the identity. Masks come from the given
 * {@link Generator}, so a seed fixes them.
 */
public final class Dropout {
    private Dropout() {}

    /**
     * @param x        any shape (not modified)
     * @param p        drop probability in [0, 1]
     * @param training false: returns x unchanged
     */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator g) {
        checkP("dropout", p);
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0);
        Tensor keep = g.bernoulli(Tensor.full(1 - p, x.dtype(), x.shapeRef()));
        return x.mul(keep.mul(1 / (1 - p)));
    }

    /**
     * Channel dropout: whole [H, W] planes of x [N, C, *] are zeroed together (useful after convs,
     * whose neighbouring activations are correlated).
     */
    public static Tensor dropout2d(Tensor x, double p, boolean training, Generator g) {
        checkP("dropout2d", p);
        if (x.dim() < 2) throw new IllegalArgumentException("dropout2d: input of shape " + Shapes.str(x.shapeRef()) + " must be [N, C, *]");
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0);
        int[] maskShape = new int[x.dim()];
        java.util.Arrays.fill(maskShape, 1);
        maskShape[0] = x.size(0);
        maskShape[1] = x.size(1);
        Tensor keep = g.bernoulli(Tensor.full(1 - p, x.dtype(), maskShape));
        return x.mul(keep.mul(1 / (1 - p)));
    }

    private static void checkP(String op, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(op + ": probability p must be in [0, 1], got " + p);
    }
}
