package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.functional.Norm;
import dev.nabla.nn.init.Init;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/** Layer normalization over the trailing {@code normalizedShape} dims; weight ones, bias zeros. Shape: unchanged. */
public class LayerNorm extends Module {
    public final int[] normalizedShape;
    public final double eps;
    @Parameter public Tensor weight;
    @Parameter public Tensor bias;

    public LayerNorm(int... normalizedShape) { this(normalizedShape, 1e-5, true, true); }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine, boolean bias) {
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        if (elementwiseAffine) {
            weight = Tensor.empty(normalizedShape).requiresGrad(true);
            if (bias) this.bias = Tensor.empty(normalizedShape).requiresGrad(true);
        }
        resetParameters();
    }

    public void resetParameters() {
        if (weight != null) Init.ones(weight);
        if (bias != null) Init.zeros(bias);
    }

    @Override public Tensor forward(Tensor x) { return Norm.layerNorm(x, normalizedShape, weight, bias, eps); }

    @Override protected String extraRepr() { return Arrays.toString(normalizedShape) + ", eps=" + eps; }
}
