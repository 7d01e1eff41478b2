package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/** Channel dropout of [N, C, H, W]: whole planes are dropped; identity in evaluation mode. */
public class Dropout2d extends Module {
    public final double p;
    private final Generator generator;

    public Dropout2d(double p) { this(p, Generator.defaultGenerator()); }

    public Dropout2d(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Dropout2d: p must be in [0, 1], got " + p);
        this.p = p;
        this.generator = generator;
    }

    @Override public Tensor forward(Tensor x) { return dev.nabla.nn.functional.Dropout.dropout2d(x, p, training, generator); }

    @Override protected String extraRepr() { return "p=" + p; }
}
