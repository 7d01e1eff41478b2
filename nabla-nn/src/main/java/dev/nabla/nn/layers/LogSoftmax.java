package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.functional.Activation;
import dev.nabla.tensor.Tensor;

/** Log-softmax along {@code dim}. Shape: unchanged. */
public class LogSoftmax extends Module {
    public final int dim;

    public LogSoftmax(int dim) { this.dim = dim; }

    @Override protected String extraRepr() { return "dim=" + dim; }

    @Override public Tensor forward(Tensor x) { return Activation.logSoftmax(x, dim); }
}
