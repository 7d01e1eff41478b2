package dev.nabla.nn.functional;

import dev.nabla.autograd.Autograd;
import dev.nabla.backend.cpu.Gemm;
import dev.nabla.tensor.DType;
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
        if (bias != null && fusable(x, weight, bias)) return withBias(x, weight, bias);
        Tensor y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    /** Float32, contiguous, bias [out]: the case the fused path handles; anything else composes ops. */
    private static boolean fusable(Tensor x, Tensor weight, Tensor bias) {
        return x.dim() >= 2 && x.dtype() == DType.FLOAT32 && weight.dtype() == DType.FLOAT32 && bias.dtype() == DType.FLOAT32
                && bias.dim() == 1 && bias.size(0) == weight.size(0)
                && x.isContiguous() && weight.isContiguous() && bias.isContiguous();
    }

    /**
     * One GEMM into rows pre-filled with the bias (beta = 1) instead of a product and a broadcast
     * add: saves the add's pass over the output and its allocation. The gradients are the
     * matmul's and the add's, written with tensor ops so they are differentiable again.
     */
    private static Tensor withBias(Tensor x, Tensor weight, Tensor bias) {
        int in = weight.size(1), out = weight.size(0), rows = x.numel() / in;
        int[] shape = x.shape();
        shape[shape.length - 1] = out;
        float[] y = new float[rows * out], b = bias.storage().floats();
        for (int r = 0; r < rows; r++) System.arraycopy(b, bias.offset(), y, r * out, out);
        Gemm.sgemm(false, true, rows, out, in, x.storage().floats(), x.offset(), in,
                weight.storage().floats(), weight.offset(), in, 1f, y, 0, out);
        Tensor result = Tensor.wrap(y, shape);
        if (Autograd.needs(x, weight, bias)) {
            Autograd.record("linear", result, g -> {
                Tensor g2 = g.reshape(rows, out);
                return new Tensor[]{
                        x.requiresGrad() ? g.matmul(weight) : null,
                        // (gᵀ·x) is [out, in], contiguous like the weight, so .grad needs no copy
                        weight.requiresGrad() ? g2.t().matmul(x.reshape(rows, in)) : null,
                        bias.requiresGrad() ? g2.sum(0) : null};
            }, x, weight, bias).saveForBackward(x, weight);
        }
        return result;
    }
}
