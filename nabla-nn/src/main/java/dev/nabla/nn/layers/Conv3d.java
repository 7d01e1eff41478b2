package dev.nabla.nn.layers;

import dev.nabla.nn.functional.Conv;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * 3-D convolution layer (cross-correlation, like PyTorch's {@code Conv3d}).
 *
 * <p>Shape: input [N, C, D, H, W], output [N, outChannels, ...]. Padding is per-dim numbers or "same"/"valid".
 */
public class Conv3d extends ConvNd {
    /** Square kernel, stride 1, no padding, one group, with bias. */
    public Conv3d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, rep(kernelSize, 3), rep(1, 3), rep(0, 3), rep(1, 3), 1, true, Generator.defaultGenerator());
    }

    /** Square kernel with the given stride and padding. */
    public Conv3d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, rep(kernelSize, 3), rep(stride, 3), rep(padding, 3), rep(1, 3), 1, true, Generator.defaultGenerator());
    }

    public Conv3d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation, int groups,
                  boolean bias, Generator g) {
        super("Conv3d", inChannels, outChannels, kernelSize, stride, padding, null, dilation, groups, bias, false, g);
    }

    /** Padding "same" (stride must be 1) or "valid". */
    public Conv3d(int inChannels, int outChannels, int[] kernelSize, String padding, int[] dilation, int groups, boolean bias, Generator g) {
        super("Conv3d", inChannels, outChannels, kernelSize, rep(1, 3), rep(0, 3), padding, dilation, groups, bias, false, g);
    }

    @Override public Tensor forward(Tensor x) {
        if (paddingMode != null) return Conv.convPadded(3, x, weight, bias, paddingMode, stride, dilation, groups);
        return Conv.conv3d(x, weight, bias, stride, padding, dilation, groups);
    }
}
