package dev.nabla.nn.layers;

import dev.nabla.nn.functional.Conv;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * 1-D transposed convolution (the gradient of a convolution with respect to its input), like
 * PyTorch's {@code ConvTranspose1d}. Weight [inChannels, outChannels/groups, k...].
 *
 * <p>Shape: output size per dim (in−1)·stride − 2·padding + dilation·(k−1) + outputPadding + 1.
 */
public class ConvTranspose1d extends ConvNd {
    public final int[] outputPadding;

    /** Square kernel with the given stride, no padding. */
    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize, int stride) {
        this(inChannels, outChannels, rep(kernelSize, 1), rep(stride, 1), rep(0, 1), rep(0, 1), rep(1, 1), 1, true,
                Generator.defaultGenerator());
    }

    public ConvTranspose1d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] outputPadding,
                           int[] dilation, int groups, boolean bias, Generator g) {
        super("ConvTranspose1d", inChannels, outChannels, kernelSize, stride, padding, null, dilation, groups, bias, true, g);
        this.outputPadding = outputPadding.clone();
    }

    @Override public Tensor forward(Tensor x) {
        return Conv.convTranspose1d(x, weight, bias, stride[0], padding[0], outputPadding[0], dilation[0], groups);
    }
}
