package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.functional.Pool;
import dev.nabla.tensor.Tensor;

/** 1-D max pooling. Shape: [N, C, L] to [N, C, Lo]. */
public class MaxPool1d extends Module {
    public final int kernelSize, stride, padding, dilation;
    public final boolean ceilMode;

    public MaxPool1d(int kernelSize) { this(kernelSize, kernelSize, 0, 1, false); }

    public MaxPool1d(int kernelSize, int stride, int padding, int dilation, boolean ceilMode) {
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.ceilMode = ceilMode;
    }

    @Override public Tensor forward(Tensor x) { return Pool.maxPool1d(x, kernelSize, stride, padding, dilation, ceilMode); }

    @Override protected String extraRepr() { return "kernel=" + kernelSize + ", stride=" + stride + ", padding=" + padding; }
}
