package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.functional.Norm;
import dev.nabla.nn.init.Init;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/** RMS normalization over the trailing {@code normalizedShape} dims; weight ones. Shape: unchanged. */
public class RMSNorm extends Module {
    public final int[] normalizedShape;
    public final double eps;
    @Parameter public Tensor weight;

    /** eps defaults to float32's machine epsilon, as PyTorch does for eps=None. */
    public RMSNorm(int... normalizedShape) { this(normalizedShape, Math.ulp(1.0f), true); }

    public RMSNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        if (elementwiseAffine) weight = Tensor.empty(normalizedShape).requiresGrad(true);
        resetParameters();
    }

    public void resetParameters() { if (weight != null) Init.ones(weight); }

    @Override public Tensor forward(Tensor x) { return Norm.rmsNorm(x, normalizedShape, weight, eps); }

    @Override protected String extraRepr() { return Arrays.toString(normalizedShape) + ", eps=" + eps; }
}
