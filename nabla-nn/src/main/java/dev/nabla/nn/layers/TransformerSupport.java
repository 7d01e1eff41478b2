package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Small pieces the transformer layers need. INTERIM: the project's LayerNorm and Dropout layers are
 * being written in parallel; once merged, {@link Norm} and {@link #dropout} should be replaced by
 * them (the state-dict names {@code norm1.weight} / {@code norm1.bias} stay the same).
 */
final class TransformerSupport {
    private TransformerSupport() {}

    /** Layer normalization over the last dim with an affine weight (ones) and bias (zeros). */
    static final class Norm extends Module {
        final double eps;
        @Parameter Tensor weight;
        @Parameter Tensor bias;

        Norm(int dim, double eps) {
            this.eps = eps;
            weight = Tensor.ones(dim).requiresGrad(true);
            bias = Tensor.zeros(dim).requiresGrad(true);
        }

        /** (x - mean) / sqrt(biased var + eps) · weight + bias, over the last dim. */
        @Override public Tensor forward(Tensor x) {
            Tensor xc = x.sub(x.mean(new int[]{-1}, true));
            Tensor var = xc.mul(xc).mean(new int[]{-1}, true);
            return xc.mul(var.add(eps).rsqrt()).mul(weight).add(bias);
        }
    }

    /** Inverted dropout in training (p &gt; 0); identity otherwise. */
    static Tensor dropout(Tensor x, double p, boolean training, Generator g) {
        if (!training || p == 0) return x;
        return x.mul(g.bernoulli(Tensor.full(1 - p, x.dtype(), x.shapeRef())).div(1 - p));
    }

    static Tensor activation(String name, Tensor x) {
        return switch (name) {
            case "relu" -> x.relu();
            case "gelu" -> x.gelu();
            default -> throw new IllegalArgumentException("transformer: activation must be \"relu\" or \"gelu\", got \"" + name + "\"");
        };
    }
}
