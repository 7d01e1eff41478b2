package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.functional.Recurrent;
import dev.nabla.nn.init.Init;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What RNN, LSTM and GRU share: the stacked parameters, named and shaped exactly as PyTorch's
 * ({@code weight_ih_l0 [G·H, I]}, {@code weight_hh_l0 [G·H, H]}, {@code bias_ih_l0},
 * {@code bias_hh_l0}, {@code ..._reverse} for the backward direction), initialized uniform in
 * ±1/sqrt(H), and the call into {@link Recurrent#forward}.
 */
public abstract class RecurrentBase extends Module {
    public final Recurrent.Config config;
    public final boolean bias;
    /** Parameters by their PyTorch names, in PyTorch's order (per layer, per direction: w_ih, w_hh, b_ih, b_hh). */
    @Parameter protected final Map<String, Tensor> weights = new LinkedHashMap<>();
    /** Draws the inter-layer dropout masks in training. */
    protected Generator generator;

    protected RecurrentBase(Recurrent.Config config, boolean bias, Generator g) {
        this.config = config;
        this.bias = bias;
        this.generator = g;
        int H = config.hiddenSize(), GH = config.mode().gates() * H, D = config.directions();
        for (int l = 0; l < config.numLayers(); l++)
            for (int d = 0; d < D; d++) {
                String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
                int in = l == 0 ? config.inputSize() : D * H;
                weights.put("weight_ih" + sfx, Tensor.empty(GH, in).requiresGrad(true));
                weights.put("weight_hh" + sfx, Tensor.empty(GH, H).requiresGrad(true));
                if (bias) {
                    weights.put("bias_ih" + sfx, Tensor.empty(GH).requiresGrad(true));
                    weights.put("bias_hh" + sfx, Tensor.empty(GH).requiresGrad(true));
                }
            }
        resetParameters(g);
    }

    /** Every weight and bias uniform in ±1/sqrt(hidden), like PyTorch. */
    public void resetParameters(Generator g) {
        double k = 1 / Math.sqrt(config.hiddenSize());
        for (Tensor t : weights.values()) Init.uniform(t, -k, k, g);
    }

    /** The parameter called {@code name} (e.g. {@code "weight_hh_l0_reverse"}). */
    public Tensor weight(String name) {
        Tensor t = weights.get(name);
        if (t == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameter '" + name + "'; have " + weights.keySet());
        return t;
    }

    /** The generator for dropout masks (default: the one given at construction). */
    public void setGenerator(Generator g) { this.generator = g; }

    protected List<Recurrent.LayerWeights> layerWeights() {
        List<Recurrent.LayerWeights> out = new ArrayList<>();
        for (int l = 0; l < config.numLayers(); l++)
            for (int d = 0; d < config.directions(); d++) {
                String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
                out.add(new Recurrent.LayerWeights(weights.get("weight_ih" + sfx), weights.get("weight_hh" + sfx),
                        weights.get("bias_ih" + sfx), weights.get("bias_hh" + sfx)));
            }
        return out;
    }

    protected Recurrent.Result run(Tensor x, Tensor h0, Tensor c0, int[] lengths) {
        return Recurrent.forward(config, x, h0, c0, layerWeights(), lengths, isTraining(), generator);
    }

    @Override protected String extraRepr() {
        return config.inputSize() + ", " + config.hiddenSize() + ", layers=" + config.numLayers() + ", bias=" + bias
                + ", batchFirst=" + config.batchFirst() + ", dropout=" + config.dropout() + ", bidirectional=" + config.bidirectional();
    }
}
