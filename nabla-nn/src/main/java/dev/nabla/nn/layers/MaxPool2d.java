package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.functional.Pool;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/** 2-D max pooling. Shape: [N, C, H, W] to [N, C, Ho, Wo]. Stride defaults to the kernel size. */
public class MaxPool2d extends Module {
    public final int[] kernelSize, stride, padding, dilation;
    public final boolean ceilMode;

    public MaxPool2d(int kernelSize) { this(new int[]{kernelSize, kernelSize}, null, new int[]{0, 0}, new int[]{1, 1}, false); }

    /** @param stride null = kernel size */
    public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        this.kernelSize = kernelSize.clone();
        this.stride = stride == null ? kernelSize.clone() : stride.clone();
        this.padding = padding.clone();
        this.dilation = dilation.clone();
        this.ceilMode = ceilMode;
    }

    @Override public Tensor forward(Tensor x) { return Pool.maxPool2d(x, kernelSize, stride, padding, dilation, ceilMode); }

    @Override protected String extraRepr() {
        return "kernel=" + Arrays.toString(kernelSize) + ", stride=" + Arrays.toString(stride) + ", padding=" + Arrays.toString(padding);
    }
}
