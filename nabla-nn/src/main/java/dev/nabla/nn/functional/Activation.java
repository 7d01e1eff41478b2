package dev.nabla.nn.functional;

import dev.nabla.tensor.Tensor;

/**
 * Activation functions as used by the activation layers; each is a thin name over the tensor op
 * (whose gradient lives with the op in core).
 */
public final class Activation {
    private Activation() {}

    public static Tensor relu(Tensor x) { return x.relu(); }

    /** x for x > 0, slope·x otherwise. */
    public static Tensor leakyRelu(Tensor x, double slope) { return x.leakyRelu(slope); }

    /** x for x > 0, alpha·(eˣ − 1) otherwise. */
    public static Tensor elu(Tensor x, double alpha) { return x.elu(alpha); }

    /** GELU; {@code approximate} is "none" (x·Φ(x), erf form) or "tanh". */
    public static Tensor gelu(Tensor x, String approximate) {
        return switch (approximate) {
            case "none" -> x.gelu();
            case "tanh" -> x.geluTanh();
            default -> throw new IllegalArgumentException("gelu: approximate must be \"none\" or \"tanh\", got \"" + approximate + "\"");
        };
    }

    /** x·σ(x) (a.k.a. swish). */
    public static Tensor silu(Tensor x) { return x.silu(); }

    public static Tensor tanh(Tensor x) { return x.tanh(); }

    public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }

    public static Tensor softmax(Tensor x, int dim) { return x.softmax(dim); }

    public static Tensor logSoftmax(Tensor x, int dim) { return x.logSoftmax(dim); }
}
