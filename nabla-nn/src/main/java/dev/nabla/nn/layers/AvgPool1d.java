package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.functional.Pool;
import dev.nabla.tensor.Tensor;

/** 1-D average pooling. Shape: [N, C, L] to [N, C, Lo]. */
public class AvgPool1d extends Module {
    public final int kernelSize, stride, padding;
    public final boolean ceilMode, countIncludePad;

    public AvgPool1d(int kernelSize) { this(kernelSize, kernelSize, 0, false, true); }

    public AvgPool1d(int kernelSize, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    @Override public Tensor forward(Tensor x) { return Pool.avgPool1d(x, kernelSize, stride, padding, ceilMode, countIncludePad); }

    @Override protected String extraRepr() { return "kernel=" + kernelSize + ", stride=" + stride + ", padding=" + padding; }
}
