package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.functional.Attention;
import dev.nabla.nn.init.Init;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Multi-head attention, PyTorch's {@code nn.MultiheadAttention}: parameters {@code in_proj_weight}
 * [3E, E] (rows W_q; W_k; W_v), {@code in_proj_bias} [3E], {@code out_proj} (Linear E→E).
 * Bool masks follow PyTorch's MHA convention: {@code attn_mask} true = NOT allowed,
 * {@code key_padding_mask} true = padding. Dropout on the attention weights in training only.
 *
 * <p>Shape: query [L, N, E] ([N, L, E] with batchFirst), key/value [S, N, E]; output like query;
 * weights [N, L, S] averaged over heads.
 */
public class MultiheadAttention extends Module {
    public final int embedDim, numHeads;
    public final double dropout;
    public final boolean batchFirst;
    // PyTorch's names, so state dicts line up
    @Parameter public Tensor in_proj_weight;
    @Parameter public Tensor in_proj_bias;
    public final Linear out_proj;
    private Generator generator;

    public MultiheadAttention(int embedDim, int numHeads) { this(embedDim, numHeads, 0, true, false, Generator.defaultGenerator()); }

    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean batchFirst, Generator g) {
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0)
            throw new IllegalArgumentException("MultiheadAttention: embedDim " + embedDim + " must be positive and divisible by numHeads " + numHeads);
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        this.generator = g;
        in_proj_weight = Tensor.empty(3 * embedDim, embedDim).requiresGrad(true);
        in_proj_bias = bias ? Tensor.empty(3 * embedDim).requiresGrad(true) : null;
        out_proj = new Linear(embedDim, embedDim, bias, g);
        resetParameters(g);
    }

    /** Like PyTorch: xavier-uniform in_proj_weight, zero biases (out_proj.weight keeps Linear's init). */
    public void resetParameters(Generator g) {
        Init.xavierUniform(in_proj_weight, 1, g);
        if (in_proj_bias != null) Init.zeros(in_proj_bias);
        if (out_proj.bias != null) Init.zeros(out_proj.bias);
    }

    /** Self-attention without masks; returns the output only. */
    @Override public Tensor forward(Tensor x) { return forward(x, x, x, null, null, false).output(); }

    /**
     * @param keyPaddingMask null or [N, S] (true = padding); attnMask null or [L, S] / [N·heads, L, S]
     *                       (bool true = NOT allowed, or float added). Not modified.
     */
    public Attention.Result forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask, boolean needWeights) {
        return Attention.multiHeadAttention(query, key, value, numHeads,
                new Attention.MhaWeights(in_proj_weight, in_proj_bias, out_proj.weight, out_proj.bias),
                keyPaddingMask, attnMask, needWeights, true, batchFirst, isTraining() ? dropout : 0, generator);
    }

    @Override protected String extraRepr() { return "embedDim=" + embedDim + ", numHeads=" + numHeads + ", dropout=" + dropout + ", batchFirst=" + batchFirst; }
}
