package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.functional.Activation;
import dev.nabla.tensor.Tensor;

/** x for x > 0, alpha·(eˣ − 1) otherwise (alpha default 1). Shape: unchanged. */
public class ELU extends Module {
    public final double alpha;

    public ELU() { this(1.0); }

    public ELU(double alpha) { this.alpha = alpha; }

    @Override protected String extraRepr() { return "alpha=" + alpha; }

    @Override public Tensor forward(Tensor x) { return Activation.elu(x, alpha); }
}
