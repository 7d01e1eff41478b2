package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.init.Init;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Dense layer {@code y = x·Wᵀ + b}. Initialized like PyTorch: W and b uniform in ±1/sqrt(in).
 *
 * <p>Shape: input [..., in], output [..., out].
 */
public class Linear extends Module {
    public final int inFeatures, outFeatures;
    @Parameter public Tensor weight;
    @Parameter public Tensor bias;

    public Linear(int inFeatures, int outFeatures) { this(inFeatures, outFeatures, true, Generator.defaultGenerator()); }

    public Linear(int inFeatures, int outFeatures, boolean bias, Generator g) {
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new IllegalArgumentException("Linear: features must be positive, got in=" + inFeatures + ", out=" + outFeatures);
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        weight = Tensor.empty(outFeatures, inFeatures).requiresGrad(true);
        this.bias = bias ? Tensor.empty(outFeatures).requiresGrad(true) : null;
        resetParameters(g);
    }

    public void resetParameters(Generator g) {
        Init.kaimingUniform(weight, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu", g);
        if (bias != null) {
            double bound = 1 / Math.sqrt(inFeatures);
            Init.uniform(bias, -bound, bound, g);
        }
    }

    @Override public Tensor forward(Tensor x) { return dev.nabla.nn.functional.Linear.linear(x, weight, bias); }

    @Override protected String extraRepr() { return "in=" + inFeatures + ", out=" + outFeatures + ", bias=" + (bias != null); }
}
