package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * One transformer encoder block, PyTorch's {@code nn.TransformerEncoderLayer}: self-attention and
 * a feed-forward net (linear1 → activation → dropout → linear2), each with dropout and a residual
 * connection, and layer norm after each (post-norm) or before each ({@code normFirst}).
 * Parameter names match PyTorch's ({@code self_attn.in_proj_weight}, {@code linear1.weight},
 * {@code norm1.weight}, ...).
 *
 * <p>Shape: src [S, N, E] ([N, S, E] with batchFirst), output the same.
 */
public class TransformerEncoderLayer extends Module {
    public final MultiheadAttention self_attn;
    public final Linear linear1, linear2;
    final LayerNorm norm1, norm2;
    public final double dropout;
    public final String activation;
    public final boolean normFirst;
    private final Generator generator;

    public TransformerEncoderLayer(int dModel, int nhead) { this(dModel, nhead, 2048, 0.1, "relu", 1e-5, false, false, Generator.defaultGenerator()); }

    /** @param activation "relu" or "gelu" */
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation, double layerNormEps,
                                   boolean batchFirst, boolean normFirst, Generator g) {
        TransformerSupport.activation(activation, Tensor.zeros(1));   // validates the name up front
        self_attn = new MultiheadAttention(dModel, nhead, dropout, true, batchFirst, g);
        linear1 = new Linear(dModel, dimFeedforward, true, g);
        linear2 = new Linear(dimFeedforward, dModel, true, g);
        norm1 = new LayerNorm(new int[]{dModel}, layerNormEps, true, true);
        norm2 = new LayerNorm(new int[]{dModel}, layerNormEps, true, true);
        this.dropout = dropout;
        this.activation = activation;
        this.normFirst = normFirst;
        this.generator = g;
    }

    @Override public Tensor forward(Tensor src) { return forward(src, null, null); }

    /**
     * @param srcMask          null or [S, S] (bool true = NOT allowed, or float added). Not modified.
     * @param srcKeyPaddingMask null or [N, S] (true = padding). Not modified.
     */
    public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask) {
        Tensor x = src;
        if (normFirst) {
            x = x.add(selfAttention(norm1.forward(x), srcMask, srcKeyPaddingMask));
            return x.add(feedForward(norm2.forward(x)));
        }
        x = norm1.forward(x.add(selfAttention(x, srcMask, srcKeyPaddingMask)));
        return norm2.forward(x.add(feedForward(x)));
    }

    private Tensor selfAttention(Tensor x, Tensor mask, Tensor kpm) {
        return drop(self_attn.forward(x, x, x, kpm, mask, false).output());
    }

    private Tensor feedForward(Tensor x) {
        return drop(linear2.forward(drop(TransformerSupport.activation(activation, linear1.forward(x)))));
    }

    private Tensor drop(Tensor x) { return dev.nabla.nn.functional.Dropout.dropout(x, dropout, isTraining(), generator); }

    @Override protected String extraRepr() { return "activation=" + activation + ", normFirst=" + normFirst + ", dropout=" + dropout; }
}
