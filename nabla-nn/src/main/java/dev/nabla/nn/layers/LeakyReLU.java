package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.functional.Activation;
import dev.nabla.tensor.Tensor;

/** x for x > 0, slope·x otherwise (slope default 0.01). Shape: unchanged. */
public class LeakyReLU extends Module {
    public final double negativeSlope;

    public LeakyReLU() { this(0.01); }

    public LeakyReLU(double negativeSlope) { this.negativeSlope = negativeSlope; }

    @Override protected String extraRepr() { return "slope=" + negativeSlope; }

    @Override public Tensor forward(Tensor x) { return Activation.leakyRelu(x, negativeSlope); }
}
