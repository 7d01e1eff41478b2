package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/** Flattens dims startDim..endDim into one (default 1..−1: [N, *] to [N, prod(*)]). */
public class Flatten extends Module {
    public final int startDim, endDim;

    public Flatten() { this(1, -1); }

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override public Tensor forward(Tensor x) { return x.flatten(startDim, endDim); }

    @Override protected String extraRepr() { return "start=" + startDim + ", end=" + endDim; }
}
