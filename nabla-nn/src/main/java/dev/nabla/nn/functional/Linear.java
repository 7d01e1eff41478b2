package dev.nabla.nn.functional;

import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

/** Functional form of the dense layer. */
public final class Linear {
    private Linear() {}

    /**
     * {@code x · weightᵀ + bias}.
     *
     * @param x      input [..., in] (not modified)
     * @param weight [out, in] (not modified)
     * @param bias   [out] or null (not modified)
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.dim() != 2 || x.dim() < 1 || x.size(-1) != weight.size(1))
            throw new IllegalArgumentException("linear: input of shape " + Shapes.str(x.shapeRef()) + " does not match weight of shape "
                    + Shapes.str(weight.shapeRef()) + " (expected input [..., " + (weight.dim() == 2 ? weight.size(1) : "in") + "])");
        Tensor y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }
}
