package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.init.Init;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/**
 * Shared fields and PyTorch's default initialization of the convolution layers: weight
 * kaiming_uniform(a = √5) (= uniform ±1/√fan_in), bias uniform ±1/√fan_in, fan_in taken from
 * weight dims 1.. (so for transposed convs it is Cout/groups · kernel volume, as in PyTorch).
 */
public abstract class ConvNd extends Module {
    public final int inChannels, outChannels, groups;
    public final int[] kernelSize, stride, padding, dilation;
    /** "same"/"valid", or null when {@link #padding} holds explicit numbers. */
    public final String paddingMode;
    @Parameter public Tensor weight;
    @Parameter public Tensor bias;

    protected ConvNd(String name, int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, String paddingMode,
                     int[] dilation, int groups, boolean bias, boolean transposed, Generator g) {
        if (inChannels <= 0 || outChannels <= 0 || groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new IllegalArgumentException(name + ": in_channels=" + inChannels + " and out_channels=" + outChannels
                    + " must be positive and divisible by groups=" + groups);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        this.kernelSize = kernelSize.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.paddingMode = paddingMode;
        this.dilation = dilation.clone();
        int[] shape = new int[2 + kernelSize.length];
        shape[0] = transposed ? inChannels : outChannels;
        shape[1] = transposed ? outChannels / groups : inChannels / groups;
        System.arraycopy(kernelSize, 0, shape, 2, kernelSize.length);
        weight = Tensor.empty(shape).requiresGrad(true);
        this.bias = bias ? Tensor.empty(outChannels).requiresGrad(true) : null;
        resetParameters(g);
    }

    public void resetParameters(Generator g) {
        Init.kaimingUniform(weight, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu", g);
        if (bias != null) {
            double bound = 1 / Math.sqrt(Init.fans(weight)[0]);
            Init.uniform(bias, -bound, bound, g);
        }
    }

    /** An int repeated {@code n} times (for square kernels and the like). */
    protected static int[] rep(int v, int n) {
        int[] r = new int[n];
        Arrays.fill(r, v);
        return r;
    }

    @Override protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel=" + Arrays.toString(kernelSize) + ", stride=" + Arrays.toString(stride)
                + ", padding=" + (paddingMode != null ? paddingMode : Arrays.toString(padding))
                + (groups != 1 ? ", groups=" + groups : "") + ", bias=" + (bias != null);
    }
}
