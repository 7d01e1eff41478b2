package dev.nabla.nn.layers;

import dev.nabla.nn.functional.Conv;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * 2-D transposed convolution (the gradient of a convolution with respect to its input), like
 * PyTorch's {@code ConvTranspose2d}. Weight [inChannels, outChannels/groups, k...].
 *
 * <p>Shape: output size per dim (in−1)·stride − 2·padding + dilation·(k−1) + outputPadding + 1.
 */
public class ConvTranspose2d extends ConvNd {
    public final int[] outputPadding;

    /** Square kernel with the given stride, no padding. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride) {
        this(inChannels, outChannels, rep(kernelSize, 2), rep(stride, 2), rep(0, 2), rep(0, 2), rep(1, 2), 1, true,
                Generator.defaultGenerator());
    }

    public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] outputPadding,
                           int[] dilation, int groups, boolean bias, Generator g) {
        super("ConvTranspose2d", inChannels, outChannels, kernelSize, stride, padding, null, dilation, groups, bias, true, g);
        this.outputPadding = outputPadding.clone();
    }

    @Override public Tensor forward(Tensor x) {
        return Conv.convTranspose2d(x, weight, bias, stride, padding, outputPadding, dilation, groups);
    }
}
