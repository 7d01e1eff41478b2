package dev.nabla.nn.functional;

import dev.nabla.autograd.Function;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

/**
 * Functional attention: scaled dot-product attention (PyTorch 2.x semantics) and multi-head
 * attention (PyTorch's {@code F.multi_head_attention_forward}). Composed from tensor ops; the
 * matmuls are GEMM-backed and the softmax is a fused row kernel.
 */
public final class Attention {
    private Attention() {}

    /** Attention output and the attention weights (null when not requested). */
    public record Result(Tensor output, Tensor weights) {}

    /**
     * {@code softmax(Q·Kᵀ·scale + M)·V} over the last dim.
     *
     * @param q        [..., L, E] (not modified)
     * @param k        [..., S, E] (not modified)
     * @param v        [..., S, Ev] (not modified)
     * @param attnMask null, bool broadcastable to [..., L, S] with <b>true = may attend</b>, or float (added)
     * @param isCausal also mask key j &gt; query i
     * @param scale    null for 1/sqrt(E)
     * @param dropoutP dropout on the attention weights (0 = none)
     * @param gen      draws the dropout mask (null = default generator)
     * @return [..., L, Ev]
     */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, Tensor attnMask, boolean isCausal,
                                                   Double scale, double dropoutP, Generator gen) {
        String op = "scaled_dot_product_attention";
        if (q.dim() < 2 || k.dim() < 2 || v.dim() < 2 || q.size(-1) != k.size(-1) || k.size(-2) != v.size(-2))
            throw new IllegalArgumentException(op + ": query " + Shapes.str(q.shapeRef()) + ", key " + Shapes.str(k.shapeRef())
                    + ", value " + Shapes.str(v.shapeRef()) + " must be [..., L, E], [..., S, E], [..., S, Ev]");
        int L = q.size(-2), S = k.size(-2);
        Tensor disallowed = isCausal ? causal(L, S) : null;
        Tensor additive = null;
        if (attnMask != null) {
            if (attnMask.dtype() == DType.BOOL) disallowed = or(disallowed, attnMask.logicalNot());
            else additive = attnMask;
        }
        double sc = scale != null ? scale : 1 / Math.sqrt(q.size(-1));
        return attend(q, k, v, sc, disallowed, additive, dropoutP, gen).output;
    }

    /** The core: scores, masks (bool true = NOT allowed, float added), softmax, dropout, weighted sum. */
    static Result attend(Tensor q, Tensor k, Tensor v, double scale, Tensor disallowed, Tensor additive, double dropoutP, Generator gen) {
        // scaling Q ([.., L, E]) rather than the scores ([.., L, S]) is one pass over fewer elements
        Tensor scores = (scale == 1 ? q : q.mul(scale)).matmul(k.transpose(-2, -1));
        if (additive != null) scores = scores.add(additive);
        if (disallowed != null) scores = scores.maskedFill(disallowed, Double.NEGATIVE_INFINITY);
        Tensor p = scores.softmax(-1);
        if (dropoutP > 0) p = dropout(p, dropoutP, gen);
        return new Result(p.matmul(v), p);
    }

    /**
     * [L, S] bool, true where key j comes after query i: the causal mask in the MHA convention
     * (true = NOT allowed), e.g. a transformer's {@code srcMask}.
     */
    public static Tensor causal(int L, int S) {
        boolean[] m = new boolean[L * S];
        for (int i = 0; i < L; i++) for (int j = i + 1; j < S; j++) m[i * S + j] = true;
        return Tensor.of(m, L, S);
    }

    private static Tensor or(Tensor a, Tensor b) { return a == null ? b : a.logicalOr(b); }

    /** Inverted dropout: zeroes with probability p, scales the rest by 1/(1-p). */
    static Tensor dropout(Tensor x, double p, Generator gen) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("dropout: probability must be in [0, 1), got " + p);
        Generator g = gen != null ? gen : Generator.defaultGenerator();
        return x.mul(g.bernoulli(Tensor.full(1 - p, x.dtype(), x.shapeRef())).div(1 - p));
    }

    /** The projections of a multi-head attention block, PyTorch's layout (in_proj rows W_q; W_k; W_v). */
    public record MhaWeights(Tensor inProjWeight, Tensor inProjBias, Tensor outProjWeight, Tensor outProjBias) {}

    /**
     * Multi-head attention like {@code nn.MultiheadAttention}.
     *
     * @param query          [L, N, E] ([N, L, E] with batchFirst); key and value [S, N, E] (not modified).
     *                       Pass the same tensor three times for self-attention (one projection GEMM).
     * @param keyPaddingMask null, or [N, S]: bool true = padding (ignored), or float (added)
     * @param attnMask       null, or [L, S] / [N·heads, L, S]: bool <b>true = NOT allowed</b>, or float (added)
     * @param needWeights    also return the attention weights [N, L, S] (averaged over heads when
     *                       {@code averageWeights}, else [N, heads, L, S])
     * @param dropoutP       dropout on the attention weights (0 in eval)
     * @return output [L, N, E] ([N, L, E] with batchFirst) and the weights or null
     */
    public static Result multiHeadAttention(Tensor query, Tensor key, Tensor value, int numHeads, MhaWeights w,
                                            Tensor keyPaddingMask, Tensor attnMask, boolean needWeights, boolean averageWeights,
                                            boolean batchFirst, double dropoutP, Generator gen) {
        String op = "multi_head_attention";
        if (query.dim() != 3 || key.dim() != 3 || value.dim() != 3)
            throw new IllegalArgumentException(op + ": query " + Shapes.str(query.shapeRef()) + ", key " + Shapes.str(key.shapeRef())
                    + ", value " + Shapes.str(value.shapeRef()) + " must be 3-D " + (batchFirst ? "[N, L, E]" : "[L, N, E]"));
        int E = query.size(2);
        if (numHeads <= 0 || E % numHeads != 0)
            throw new IllegalArgumentException(op + ": embed dim " + E + " must be divisible by num_heads " + numHeads);
        if (!Shapes.equal(w.inProjWeight.shapeRef(), new int[]{3 * E, E}))
            throw new IllegalArgumentException(op + ": in_proj_weight of shape " + Shapes.str(w.inProjWeight.shapeRef()) + " must be [" + 3 * E + ", " + E + "]");
        boolean self = query == key && key == value;
        // work batch-first: [N, L, E]
        Tensor q = batchFirst ? query : query.transpose(0, 1);
        Tensor k = batchFirst ? key : key.transpose(0, 1);
        Tensor v = batchFirst ? value : value.transpose(0, 1);
        int N = q.size(0), L = q.size(1), S = k.size(1), d = E / numHeads;
        if (k.size(0) != N || v.size(0) != N || k.size(2) != E || v.size(2) != E || v.size(1) != S)
            throw new IllegalArgumentException(op + ": key " + Shapes.str(key.shapeRef()) + " and value " + Shapes.str(value.shapeRef())
                    + " must match the query's batch " + N + " and embed dim " + E);
        Tensor qp, kp, vp;
        if (self) {
            Tensor[] heads = splitQkvHeads(Linear.linear(q, w.inProjWeight, w.inProjBias), numHeads);
            qp = heads[0]; kp = heads[1]; vp = heads[2];
        } else {
            qp = Linear.linear(q, w.inProjWeight.narrow(0, 0, E), w.inProjBias == null ? null : w.inProjBias.narrow(0, 0, E));
            kp = Linear.linear(k, w.inProjWeight.narrow(0, E, E), w.inProjBias == null ? null : w.inProjBias.narrow(0, E, E));
            vp = Linear.linear(v, w.inProjWeight.narrow(0, 2 * E, E), w.inProjBias == null ? null : w.inProjBias.narrow(0, 2 * E, E));
            // [N, T, E] -> [N, heads, T, d]
            qp = qp.reshape(N, L, numHeads, d).permute(0, 2, 1, 3);
            kp = kp.reshape(N, S, numHeads, d).permute(0, 2, 1, 3);
            vp = vp.reshape(N, S, numHeads, d).permute(0, 2, 1, 3);
        }

        Tensor disallowed = null, additive = null;
        if (attnMask != null) {
            Tensor m = switch (attnMask.dim()) {
                case 2 -> checkMask(op, "attn_mask", attnMask, L, S);
                case 3 -> checkMask(op, "attn_mask", attnMask, N * numHeads, L, S).reshape(N, numHeads, L, S);
                default -> throw new IllegalArgumentException(op + ": attn_mask of shape " + Shapes.str(attnMask.shapeRef())
                        + " must be [" + L + ", " + S + "] or [" + N * numHeads + ", " + L + ", " + S + "]");
            };
            if (m.dtype() == DType.BOOL) disallowed = m;
            else additive = m;
        }
        if (keyPaddingMask != null) {
            Tensor m = checkMask(op, "key_padding_mask", keyPaddingMask, N, S).reshape(N, 1, 1, S);
            if (m.dtype() == DType.BOOL) disallowed = or(disallowed, m);
            else additive = additive == null ? m : additive.add(m);
        }
        Result r = attend(qp, kp, vp, 1 / Math.sqrt(d), disallowed, additive, dropoutP, gen);
        Tensor o = r.output.permute(0, 2, 1, 3).reshape(N, L, E);
        o = Linear.linear(o, w.outProjWeight, w.outProjBias);
        if (!batchFirst) o = o.transpose(0, 1);
        Tensor weights = !needWeights ? null : averageWeights ? r.weights.mean(1) : r.weights;
        return new Result(o, weights);
    }

    /**
     * The Q, K and V heads of a fused self-attention projection {@code qkv} [N, L, 3E] as strided
     * views [N, heads, L, d] (no copy: the batched GEMMs read them with the row stride 3E). The
     * backward stacks the three head gradients into one [N, L, 3E] tensor, where three chunk views
     * would each build a zero-padded [N, L, 3E] gradient and autograd would then add them up.
     */
    static Tensor[] splitQkvHeads(Tensor qkv, int numHeads) {
        int N = qkv.size(0), L = qkv.size(1), E = qkv.size(2) / 3, d = E / numHeads;
        Function split = Function.of("mha_split_qkv", (ctx, in) -> {
            Tensor h = in[0].reshape(N, L, 3, numHeads, d).permute(2, 0, 3, 1, 4); // [3, N, heads, L, d]
            return new Tensor[]{h.select(0, 0), h.select(0, 1), h.select(0, 2)};
        }, (ctx, g) -> new Tensor[]{
                Tensor.stack(2, g[0].permute(0, 2, 1, 3), g[1].permute(0, 2, 1, 3), g[2].permute(0, 2, 1, 3)).reshape(N, L, 3 * E)});
        return split.apply(qkv);
    }

    private static Tensor checkMask(String op, String name, Tensor m, int... shape) {
        if (!Shapes.equal(m.shapeRef(), shape))
            throw new IllegalArgumentException(op + ": " + name + " of shape " + Shapes.str(m.shapeRef()) + " must be " + Shapes.str(shape));
        return m;
    }
}
