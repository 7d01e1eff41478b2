package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/** Inverted dropout with probability p; identity in evaluation mode. Shape: unchanged. */
public class Dropout extends Module {
    public final double p;
    private final Generator generator;

    public Dropout(double p) { this(p, Generator.defaultGenerator()); }

    public Dropout(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        this.p = p;
        this.generator = generator;
    }

    @Override public Tensor forward(Tensor x) { return dev.nabla.nn.functional.Dropout.dropout(x, p, training, generator); }

    @Override protected String extraRepr() { return "p=" + p; }
}
