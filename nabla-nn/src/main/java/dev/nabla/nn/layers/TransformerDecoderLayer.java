package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * One transformer decoder block, PyTorch's {@code nn.TransformerDecoderLayer}: self-attention over
 * the target, cross-attention to the encoder memory, and a feed-forward net, each with dropout, a
 * residual connection and layer norm (after, or before with {@code normFirst}).
 *
 * <p>Shape: tgt [T, N, E], memory [S, N, E] ([N, ·, E] with batchFirst); output like tgt.
 */
public class TransformerDecoderLayer extends Module {
    public final MultiheadAttention self_attn, multihead_attn;
    public final Linear linear1, linear2;
    final LayerNorm norm1, norm2, norm3;
    public final double dropout;
    public final String activation;
    public final boolean normFirst;
    private final Generator generator;

    public TransformerDecoderLayer(int dModel, int nhead) { this(dModel, nhead, 2048, 0.1, "relu", 1e-5, false, false, Generator.defaultGenerator()); }

    /** @param activation "relu" or "gelu" */
    public TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation, double layerNormEps,
                                   boolean batchFirst, boolean normFirst, Generator g) {
        TransformerSupport.activation(activation, Tensor.zeros(1));
        self_attn = new MultiheadAttention(dModel, nhead, dropout, true, batchFirst, g);
        multihead_attn = new MultiheadAttention(dModel, nhead, dropout, true, batchFirst, g);
        linear1 = new Linear(dModel, dimFeedforward, true, g);
        linear2 = new Linear(dimFeedforward, dModel, true, g);
        norm1 = new LayerNorm(new int[]{dModel}, layerNormEps, true, true);
        norm2 = new LayerNorm(new int[]{dModel}, layerNormEps, true, true);
        norm3 = new LayerNorm(new int[]{dModel}, layerNormEps, true, true);
        this.dropout = dropout;
        this.activation = activation;
        this.normFirst = normFirst;
        this.generator = g;
    }

    /** Without masks. */
    public Tensor forward(Tensor tgt, Tensor memory) { return forward(tgt, memory, null, null, null, null); }

    /**
     * Masks as in {@link MultiheadAttention}: attention masks [T, T] / [T, S] (bool true = NOT allowed,
     * or float added), key padding masks [N, T] / [N, S] (true = padding); any may be null. Not modified.
     */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask, Tensor memoryKeyPaddingMask) {
        Tensor x = tgt;
        if (normFirst) {
            Tensor n1 = norm1.forward(x);
            x = x.add(drop(self_attn.forward(n1, n1, n1, tgtKeyPaddingMask, tgtMask, false).output()));
            x = x.add(drop(multihead_attn.forward(norm2.forward(x), memory, memory, memoryKeyPaddingMask, memoryMask, false).output()));
            return x.add(feedForward(norm3.forward(x)));
        }
        x = norm1.forward(x.add(drop(self_attn.forward(x, x, x, tgtKeyPaddingMask, tgtMask, false).output())));
        x = norm2.forward(x.add(drop(multihead_attn.forward(x, memory, memory, memoryKeyPaddingMask, memoryMask, false).output())));
        return norm3.forward(x.add(feedForward(x)));
    }

    private Tensor feedForward(Tensor x) {
        return drop(linear2.forward(drop(TransformerSupport.activation(activation, linear1.forward(x)))));
    }

    private Tensor drop(Tensor x) { return dev.nabla.nn.functional.Dropout.dropout(x, dropout, isTraining(), generator); }

    @Override protected String extraRepr() { return "activation=" + activation + ", normFirst=" + normFirst + ", dropout=" + dropout; }
}
