package dev.nabla.nn.functional;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.nabla.nn.RnnTestUtil.*;
import static org.junit.jupiter.api.Assertions.*;

class AttentionTest {
    static Tensor leaf(Generator g, int... shape) { return g.normal(0, 1, shape).toDouble().requiresGrad(true); }

    @Test
    void sdpaGradcheckWithFloatMaskAndCausal() {
        Generator g = new Generator(1);
        Tensor q = leaf(g, 2, 3, 4), k = leaf(g, 2, 5, 4), v = leaf(g, 2, 5, 3);
        Tensor m = g.normal(0, 1, 3, 5).toDouble();
        gradcheck("sdpa", () -> weightedSum(Attention.scaledDotProductAttention(q, k, v, m, true, 0.7, 0, null), 4), 8, q, k, v);
    }

    @Test
    void boolMaskTrueMeansMayAttend() {
        Generator g = new Generator(2);
        Tensor q = g.normal(0, 1, 1, 2, 4), k = g.normal(0, 1, 1, 3, 4), v = g.normal(0, 1, 1, 3, 2);
        // only key 1 allowed for every query: the output is exactly value row 1
        Tensor mask = Tensor.of(new boolean[]{false, true, false, false, true, false}, 2, 3);
        Tensor out = Attention.scaledDotProductAttention(q, k, v, mask, false, null, 0, null);
        for (int i = 0; i < 2; i++) assertClose("query " + i, v.select(1, 1), out.select(1, i), 1e-6, 1e-6);
    }

    @Test
    void causalFirstQuerySeesOnlyFirstKey() {
        Generator g = new Generator(3);
        Tensor q = g.normal(0, 1, 3, 4), k = g.normal(0, 1, 3, 4), v = g.normal(0, 1, 3, 2);
        Tensor out = Attention.scaledDotProductAttention(q, k, v, null, true, null, 0, null);
        assertClose("row 0", v.select(0, 0), out.select(0, 0), 1e-6, 1e-6);
    }

    @Test
    void mhaGradcheckCrossAttentionWithMasks() {
        Generator g = new Generator(4);
        int E = 4, L = 3, S = 2, N = 2;
        Tensor q = leaf(g, L, N, E), k = leaf(g, S, N, E), v = leaf(g, S, N, E);
        Tensor wIn = leaf(g, 3 * E, E), bIn = leaf(g, 3 * E), wOut = leaf(g, E, E), bOut = leaf(g, E);
        Tensor kpm = Tensor.of(new boolean[]{false, false, false, true}, N, S);      // batch 1 ignores key 1
        Tensor am = g.normal(0, 1, L, S).toDouble();
        var w = new Attention.MhaWeights(wIn, bIn, wOut, bOut);
        gradcheck("mha", () -> {
            var r = Attention.multiHeadAttention(q, k, v, 2, w, kpm, am, true, true, false, 0, null);
            return weightedSum(r.output(), 5).add(weightedSum(r.weights(), 6));
        }, 6, q, k, v, wIn, bIn, wOut, bOut);
        var r = Attention.multiHeadAttention(q, k, v, 2, w, kpm, am, true, true, false, 0, null);
        assertArrayEquals(new int[]{N, L, S}, r.weights().shape());
        for (int i = 0; i < L; i++) assertEquals(0.0, r.weights().get(1, i, 1), "padded key gets no weight");
    }

    @Test
    void mhaSelfAttentionBatchFirstMatchesSequenceFirst() {
        Generator g = new Generator(5);
        int E = 6, T = 4, N = 3;
        Tensor x = g.normal(0, 1, T, N, E);
        var w = new Attention.MhaWeights(g.normal(0, 0.3, 3 * E, E), g.normal(0, 0.1, 3 * E), g.normal(0, 0.3, E, E), null);
        Tensor bool = Attention.causal(T, T);                                       // true = NOT allowed (MHA convention)
        var seqFirst = Attention.multiHeadAttention(x, x, x, 3, w, null, bool, true, true, false, 0, null);
        Tensor xb = x.transpose(0, 1).contiguous();
        var batchFirst = Attention.multiHeadAttention(xb, xb, xb, 3, w, null, bool, true, true, true, 0, null);
        assertClose("output", seqFirst.output().transpose(0, 1), batchFirst.output(), 1e-5, 1e-6);
        assertEquals(0.0, seqFirst.weights().get(0, 0, 1), "causal mask blocks key 1 for query 0");
        assertEquals(DType.FLOAT32, seqFirst.output().dtype());
    }

    @Test
    void mhaSelfAttentionGradcheckWithCausalAndPadding() {
        // query == key == value: the fused projection and the strided head split
        Generator g = new Generator(7);
        int E = 4, T = 3, N = 2;
        Tensor x = leaf(g, T, N, E);
        Tensor wIn = leaf(g, 3 * E, E), bIn = leaf(g, 3 * E), wOut = leaf(g, E, E), bOut = leaf(g, E);
        Tensor kpm = Tensor.of(new boolean[]{false, false, false, false, false, true}, N, T);
        var w = new Attention.MhaWeights(wIn, bIn, wOut, bOut);
        gradcheck("mha self", () -> {
            var r = Attention.multiHeadAttention(x, x, x, 2, w, kpm, Attention.causal(T, T), true, false, false, 0, null);
            return weightedSum(r.output(), 8).add(weightedSum(r.weights(), 9));
        }, 8, x, wIn, bIn, wOut, bOut);
    }

    @Test
    void fusedSelfAttentionMatchesSeparateProjectionsFloat32() {
        // the self path (one projection GEMM, head views, stacked gradient, fused softmax backward)
        // against the cross-attention path fed three copies of the same input
        Generator g = new Generator(8);
        int E = 32, T = 20, N = 3, H = 4;
        Tensor x0 = g.normal(0, 1, N, T, E);
        Tensor[] wts = {g.normal(0, 0.2, 3 * E, E), g.normal(0, 0.1, 3 * E), g.normal(0, 0.2, E, E), g.normal(0, 0.1, E)};
        Tensor cot = g.normal(0, 1, N, T, E), wCot = g.normal(0, 1, N, T, T);
        Tensor kpm = Tensor.zeros(DType.BOOL, N, T).logicalOr(Tensor.arange(0, T, 1).ge(T - 3).unsqueeze(0).expand(N, T));
        for (Tensor mask : new Tensor[]{null, Attention.causal(T, T)}) {
            Tensor[][] grads = new Tensor[2][];
            Tensor[] outs = new Tensor[2];
            for (int path = 0; path < 2; path++) {
                Tensor x = x0.clone().requiresGrad(true);
                Tensor[] p = new Tensor[4];
                for (int i = 0; i < 4; i++) p[i] = wts[i].clone().requiresGrad(true);
                var w = new Attention.MhaWeights(p[0], p[1], p[2], p[3]);
                Tensor k = path == 0 ? x : x.mul(1), v = path == 0 ? x : x.mul(1);   // distinct objects: separate projections
                var r = Attention.multiHeadAttention(x, k, v, H, w, kpm, mask, true, true, true, 0, null);
                r.output().mul(cot).sum().add(r.weights().mul(wCot).sum()).backward();
                outs[path] = r.output();
                grads[path] = new Tensor[]{x.grad(), p[0].grad(), p[1].grad(), p[2].grad(), p[3].grad()};
            }
            String m = mask == null ? "no mask" : "causal";
            assertClose("output, " + m, outs[1], outs[0], 1e-5, 1e-5);
            for (int i = 0; i < 5; i++) assertClose("gradient " + i + ", " + m, grads[1][i], grads[0][i], 1e-4, 1e-4);
        }
    }

    @Test
    void mhaRejectsBadHeads() {
        Tensor x = Tensor.zeros(2, 1, 6);
        var w = new Attention.MhaWeights(Tensor.zeros(18, 6), null, Tensor.zeros(6, 6), null);
        var e = assertThrows(IllegalArgumentException.class, () -> Attention.multiHeadAttention(x, x, x, 4, w, null, null, false, true, false, 0, null));
        assertTrue(e.getMessage().contains("divisible"), e.getMessage());
    }
}
