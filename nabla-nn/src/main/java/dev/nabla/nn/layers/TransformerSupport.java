package dev.nabla.nn.layers;

import dev.nabla.tensor.Tensor;

/** The activation choice shared by the transformer layers. */
final class TransformerSupport {
    private TransformerSupport() {}

    static Tensor activation(String name, Tensor x) {
        return switch (name) {
            case "relu" -> x.relu();
            case "gelu" -> x.gelu();
            default -> throw new IllegalArgumentException("transformer: activation must be \"relu\" or \"gelu\", got \"" + name + "\"");
        };
    }
}
