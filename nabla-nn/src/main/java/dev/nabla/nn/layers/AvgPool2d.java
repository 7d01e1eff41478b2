package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.functional.Pool;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/** 2-D average pooling (see {@link Pool#avgPool2d} for the divisor rules). Shape: [N, C, H, W] to [N, C, Ho, Wo]. */
public class AvgPool2d extends Module {
    public final int[] kernelSize, stride, padding;
    public final boolean ceilMode, countIncludePad;
    public final Integer divisorOverride;

    public AvgPool2d(int kernelSize) { this(new int[]{kernelSize, kernelSize}, null, new int[]{0, 0}, false, true, null); }

    /** @param stride null = kernel size; divisorOverride null = none */
    public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad, Integer divisorOverride) {
        this.kernelSize = kernelSize.clone();
        this.stride = stride == null ? kernelSize.clone() : stride.clone();
        this.padding = padding.clone();
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
    }

    @Override public Tensor forward(Tensor x) {
        return Pool.avgPool2d(x, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    @Override protected String extraRepr() {
        return "kernel=" + Arrays.toString(kernelSize) + ", stride=" + Arrays.toString(stride) + ", padding=" + Arrays.toString(padding);
    }
}
