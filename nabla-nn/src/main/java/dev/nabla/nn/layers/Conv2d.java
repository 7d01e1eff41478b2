package dev.nabla.nn.layers;

import dev.nabla.nn.functional.Conv;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * 2-D convolution layer (cross-correlation, like PyTorch's {@code Conv2d}).
 *
 * <p>Shape: input [N, C, H, W], output [N, outChannels, ...]. Padding is per-dim numbers or "same"/"valid".
 */
public class Conv2d extends ConvNd {
    /** Square kernel, stride 1, no padding, one group, with bias. */
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, rep(kernelSize, 2), rep(1, 2), rep(0, 2), rep(1, 2), 1, true, Generator.defaultGenerator());
    }

    /** Square kernel with the given stride and padding. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, rep(kernelSize, 2), rep(stride, 2), rep(padding, 2), rep(1, 2), 1, true, Generator.defaultGenerator());
    }

    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation, int groups,
                  boolean bias, Generator g) {
        super("Conv2d", inChannels, outChannels, kernelSize, stride, padding, null, dilation, groups, bias, false, g);
    }

    /** Padding "same" (stride must be 1) or "valid". */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, String padding, int[] dilation, int groups, boolean bias, Generator g) {
        super("Conv2d", inChannels, outChannels, kernelSize, rep(1, 2), rep(0, 2), padding, dilation, groups, bias, false, g);
    }

    @Override public Tensor forward(Tensor x) {
        if (paddingMode != null) return Conv.convPadded(2, x, weight, bias, paddingMode, stride, dilation, groups);
        return Conv.conv2d(x, weight, bias, stride, padding, dilation, groups);
    }
}
