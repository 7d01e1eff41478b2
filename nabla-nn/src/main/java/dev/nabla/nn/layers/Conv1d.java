package dev.nabla.nn.layers;

import dev.nabla.nn.functional.Conv;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * 1-D convolution layer (cross-correlation, like PyTorch's {@code Conv1d}).
 *
 * <p>Shape: input [N, C, L], output [N, outChannels, ...]. Padding is per-dim numbers or "same"/"valid".
 */
public class Conv1d extends ConvNd {
    /** Square kernel, stride 1, no padding, one group, with bias. */
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, rep(kernelSize, 1), rep(1, 1), rep(0, 1), rep(1, 1), 1, true, Generator.defaultGenerator());
    }

    /** Square kernel with the given stride and padding. */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, rep(kernelSize, 1), rep(stride, 1), rep(padding, 1), rep(1, 1), 1, true, Generator.defaultGenerator());
    }

    public Conv1d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation, int groups,
                  boolean bias, Generator g) {
        super("Conv1d", inChannels, outChannels, kernelSize, stride, padding, null, dilation, groups, bias, false, g);
    }

    /** Padding "same" (stride must be 1) or "valid". */
    public Conv1d(int inChannels, int outChannels, int[] kernelSize, String padding, int[] dilation, int groups, boolean bias, Generator g) {
        super("Conv1d", inChannels, outChannels, kernelSize, rep(1, 1), rep(0, 1), padding, dilation, groups, bias, false, g);
    }

    @Override public Tensor forward(Tensor x) {
        if (paddingMode != null) return Conv.convPadded(1, x, weight, bias, paddingMode, stride, dilation, groups);
        return Conv.conv1d(x, weight, bias, stride[0], padding[0], dilation[0], groups);
    }
}
