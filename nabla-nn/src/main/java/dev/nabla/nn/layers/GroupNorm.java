package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.functional.Norm;
import dev.nabla.nn.init.Init;
import dev.nabla.tensor.Tensor;

/** Group normalization of [N, C, *]; per-channel weight ones, bias zeros. Shape: unchanged. */
public class GroupNorm extends Module {
    public final int numGroups, numChannels;
    public final double eps;
    @Parameter public Tensor weight;
    @Parameter public Tensor bias;

    public GroupNorm(int numGroups, int numChannels) { this(numGroups, numChannels, 1e-5, true); }

    public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
        if (numGroups <= 0 || numChannels % numGroups != 0)
            throw new IllegalArgumentException("GroupNorm: numChannels=" + numChannels + " must be divisible by numGroups=" + numGroups);
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        if (affine) {
            weight = Tensor.empty(numChannels).requiresGrad(true);
            bias = Tensor.empty(numChannels).requiresGrad(true);
        }
        resetParameters();
    }

    public void resetParameters() {
        if (weight != null) { Init.ones(weight); Init.zeros(bias); }
    }

    @Override public Tensor forward(Tensor x) { return Norm.groupNorm(x, numGroups, weight, bias, eps); }

    @Override protected String extraRepr() { return numGroups + ", " + numChannels + ", eps=" + eps; }
}
