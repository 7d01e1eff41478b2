package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.functional.Activation;
import dev.nabla.tensor.Tensor;

/** x·Φ(x) (approximate "none", default) or its tanh approximation ("tanh"). Shape: unchanged. */
public class GELU extends Module {
    public final String approximate;

    public GELU() { this("none"); }

    public GELU(String approximate) {
        if (!approximate.equals("none") && !approximate.equals("tanh"))
            throw new IllegalArgumentException("GELU: approximate must be \"none\" or \"tanh\", got \"" + approximate + "\"");
        this.approximate = approximate;
    }

    @Override protected String extraRepr() { return "approximate=" + approximate; }

    @Override public Tensor forward(Tensor x) { return Activation.gelu(x, approximate); }
}
