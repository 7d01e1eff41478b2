package dev.nabla.nn.functional;

import dev.nabla.autograd.Autograd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.nabla.nn.functional.LossCheck.*;
import static org.junit.jupiter.api.Assertions.*;

class CrossEntropyTest {
    /**
     * Reference cross-entropy over logits laid out [N, C, D] (D = 1 for [N, C]), class targets [N·D]:
     * (1-ε)·w_t·(-log p_t) + ε/C·Σ_c w_c·(-log p_c), mean divided by Σ w_t over non-ignored.
     */
    static double[] reference(double[] x, int n, int c, int d, long[] t, float[] w, Reduction r, long ignore, double eps) {
        double[] loss = new double[n * d];
        double wsum = 0;
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d; k++) {
                int pos = i * d + k;
                if (t[pos] == ignore) continue;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < c; j++) max = Math.max(max, x[(i * c + j) * d + k]);
                double s = 0;
                for (int j = 0; j < c; j++) s += Math.exp(x[(i * c + j) * d + k] - max);
                double lse = max + Math.log(s);
                int tc = (int) t[pos];
                double wt = w == null ? 1 : w[tc];
                double smooth = 0;
                for (int j = 0; j < c; j++) smooth += (w == null ? 1 : w[j]) * (lse - x[(i * c + j) * d + k]);
                loss[pos] = (1 - eps) * wt * (lse - x[(i * c + tc) * d + k]) + eps / c * smooth;
                wsum += wt;
            }
        return reduce(loss, r, wsum);
    }

    private static long[] targets(int n, int c, long ignore, int ignoredEvery) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) t[i] = ignoredEvery > 0 && i % ignoredEvery == 1 ? ignore : RNG.nextInt(c);
        return t;
    }

    @Test
    void fusedPathMatchesTheDefinitionForEveryOptionAndReduction() {
        int n = 7, c = 19;
        float[] w = uniform(c, 0.2, 2);
        for (Reduction r : new Reduction[]{Reduction.NONE, Reduction.MEAN, Reduction.SUM})
            for (boolean weighted : new boolean[]{false, true})
                for (double eps : new double[]{0, 0.15}) {
                    long[] t = targets(n, c, -100, 3);
                    float[] x = randn(n * c, 2);
                    Tensor wt = weighted ? Tensor.of(w, c) : null;
                    check(x, new int[]{n, c}, in -> CrossEntropy.crossEntropy(in, Tensor.of(t, n), wt, r, -100, eps),
                            xd -> reference(xd, n, c, 1, t, weighted ? w : null, r, -100, eps), 1e-5);
                }
    }

    @Test
    void spatialInputsAndCustomIgnoreIndex() {
        int n = 2, c = 4, d = 5;
        long[] t = targets(n * d, c, 2, 4);
        float[] x = randn(n * c * d, 1.5);
        for (Reduction r : new Reduction[]{Reduction.NONE, Reduction.MEAN})
            check(x, new int[]{n, c, d}, in -> CrossEntropy.crossEntropy(in, Tensor.of(t, n, d), null, r, 2, 0.1),
                    xd -> reference(xd, n, c, d, t, null, r, 2, 0.1), 1e-5);
        Tensor out = CrossEntropy.crossEntropy(Tensor.of(x, n, c, d), Tensor.of(t, n, d), null, Reduction.NONE, 2, 0);
        assertArrayEquals(new int[]{n, d}, out.shape());
        float[] w = uniform(c, 0.5, 2);
        Tensor fused = CrossEntropy.crossEntropy(Tensor.of(x, n, c, d), Tensor.of(t, n, d), Tensor.of(w, c), Reduction.MEAN, 2, 0.2);
        Tensor composed = CrossEntropy.crossEntropy(Tensor.of(widen(x), n, c, d), Tensor.of(t, n, d), Tensor.of(w, c), Reduction.MEAN, 2, 0.2);
        assertEquals(reference(widen(x), n, c, d, t, w, Reduction.MEAN, 2, 0.2)[0], composed.item(), 1e-12, "composed float64 path");
        assertEquals(composed.item(), fused.item(), 1e-5);
    }

    @Test
    void probabilityTargetsWithSmoothingAndWeights() {
        int n = 4, c = 6;
        float[] q = uniform(n * c, 0, 1), w = uniform(c, 0.5, 1.5);
        for (Reduction r : new Reduction[]{Reduction.NONE, Reduction.MEAN, Reduction.SUM})
            check(randn(n * c, 1), new int[]{n, c},
                    in -> CrossEntropy.crossEntropy(in, Tensor.of(q, n, c), Tensor.of(w, c), r, -100, 0.2),
                    xd -> {
                        double[] loss = new double[n];
                        for (int i = 0; i < n; i++) {
                            double max = Double.NEGATIVE_INFINITY, s = 0;
                            for (int j = 0; j < c; j++) max = Math.max(max, xd[i * c + j]);
                            for (int j = 0; j < c; j++) s += Math.exp(xd[i * c + j] - max);
                            for (int j = 0; j < c; j++)
                                loss[i] -= w[j] * (q[i * c + j] * 0.8 + 0.2 / c) * (xd[i * c + j] - max - Math.log(s));
                        }
                        return reduce(loss, r, n);
                    }, 1e-5);
    }

    @Test
    void unbatchedInputTakesAScalarTarget() {
        float[] x = randn(5, 1);
        Tensor out = CrossEntropy.crossEntropy(Tensor.of(x, 5), Tensor.of(new long[]{3}).reshape(), null, Reduction.NONE, -100, 0);
        assertArrayEquals(new int[0], out.shape());
        assertEquals(reference(widen(x), 1, 5, 1, new long[]{3}, null, Reduction.NONE, -100, 0)[0], out.item(), 1e-5);
        Tensor nll = CrossEntropy.nllLoss(Tensor.of(x, 5), Tensor.of(new long[]{3}).reshape(), null, Reduction.MEAN, -100);
        assertEquals(-x[3], nll.item(), 1e-7);
    }

    @Test
    void float64InputsTakeTheComposedPathAndAgreeWithTheFusedOne() {
        int n = 5, c = 7;
        float[] x = randn(n * c, 2), w = uniform(c, 0.5, 2);
        long[] t = targets(n, c, -100, 2);
        Tensor x32 = Tensor.of(x, n, c).requiresGrad(true), x64 = Tensor.of(widen(x), n, c).requiresGrad(true);
        Tensor l32 = CrossEntropy.crossEntropy(x32, Tensor.of(t, n), Tensor.of(w, c), Reduction.MEAN, -100, 0.3);
        Tensor l64 = CrossEntropy.crossEntropy(x64, Tensor.of(t, n), Tensor.of(w, c), Reduction.MEAN, -100, 0.3);
        assertEquals(DType.FLOAT64, l64.dtype());
        assertEquals(l64.item(), l32.item(), 1e-5);
        assertTrue(Autograd.trace(l64).contains("gather"), "float64 goes through the composed nll: " + Autograd.trace(l64));
        assertEquals(java.util.List.of("cross_entropy"), Autograd.trace(l32));
        l32.backward();
        l64.backward();
        assertArrayEquals(x64.grad().toDoubleArray(), x32.grad().toDoubleArray(), 1e-6);
    }

    @Test
    void createGraphBackwardIsDifferentiableAndEqualsTheFusedGradient() {
        int n = 3, c = 5;
        float[] x = randn(n * c, 1);
        long[] t = {0, 4, 2};
        Tensor a = Tensor.of(x, n, c).requiresGrad(true);
        CrossEntropy.crossEntropy(a, Tensor.of(t, n), null, Reduction.SUM, -100, 0.1).backward();
        Tensor b = Tensor.of(x, n, c).requiresGrad(true);
        Tensor loss = CrossEntropy.crossEntropy(b, Tensor.of(t, n), null, Reduction.SUM, -100, 0.1);
        Tensor g = Autograd.grad(new Tensor[]{loss}, new Tensor[]{b}, null, true, true, false)[0];
        assertArrayEquals(a.grad().toFloatArray(), g.toFloatArray(), 1e-6f);
        assertTrue(g.requiresGrad(), "the createGraph gradient must carry history");
        // the Hessian-vector product of a softmax loss is finite and non-zero
        g.square().sum().backward();
        assertNotNull(b.grad());
        assertTrue(b.grad().abs().sum().item() > 0);
    }

    @Test
    void nllLossWithWeightsAndIgnoredTargets() {
        int n = 6, c = 4;
        float[] w = uniform(c, 0.5, 2);
        long[] t = targets(n, c, -1, 3);
        for (Reduction r : new Reduction[]{Reduction.NONE, Reduction.MEAN, Reduction.SUM})
            check(randn(n * c, 1), new int[]{n, c}, in -> CrossEntropy.nllLoss(in, Tensor.of(t, n), Tensor.of(w, c), r, -1),
                    xd -> {
                        double[] loss = new double[n];
                        double ws = 0;
                        for (int i = 0; i < n; i++) if (t[i] != -1) { loss[i] = -w[(int) t[i]] * xd[i * c + (int) t[i]]; ws += w[(int) t[i]]; }
                        return reduce(loss, r, ws);
                    }, 1e-5);
    }

    @Test
    void errorsNameTheOpAndTheFault() {
        Tensor x = Tensor.zeros(2, 3);
        var e = assertThrows(IndexOutOfBoundsException.class, () -> CrossEntropy.crossEntropy(x, Tensor.of(new long[]{0, 3}, 2)));
        assertTrue(e.getMessage().contains("cross_entropy") && e.getMessage().contains("target 3"), e.getMessage());
        var s = assertThrows(IllegalArgumentException.class, () -> CrossEntropy.crossEntropy(x, Tensor.of(new long[]{0, 1, 2}, 3)));
        assertTrue(s.getMessage().contains("[3]") && s.getMessage().contains("[2, 3]"), s.getMessage());
        var w = assertThrows(IllegalArgumentException.class,
                () -> CrossEntropy.nllLoss(x, Tensor.of(new long[]{0, 1}, 2), Tensor.ones(4), Reduction.MEAN, -100));
        assertTrue(w.getMessage().contains("nll_loss: weight"), w.getMessage());
    }

    @Test
    void largeBatchRunsMultiThreadedAndMatchesComposition() {
        int n = 512, c = 100;
        float[] x = randn(n * c, 3);
        long[] t = targets(n, c, -100, 0);
        Tensor a = Tensor.of(x, n, c).requiresGrad(true), b = Tensor.of(x, n, c).requiresGrad(true);
        Tensor fused = CrossEntropy.crossEntropy(a, Tensor.of(t, n), null, Reduction.MEAN, -100, 0.05);
        Tensor composed = CrossEntropy.composed(b, Tensor.of(t, n), null, Reduction.MEAN, -100, 0.05);
        assertEquals(composed.item(), fused.item(), 1e-5);
        fused.backward();
        composed.backward();
        assertArrayEquals(b.grad().toFloatArray(), a.grad().toFloatArray(), 1e-7f);
    }
}
