package dev.nabla.ops;

import dev.nabla.backend.cpu.FloatKernels;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The training hot paths that take shortcuts: the weight gradient of x·wᵀ and relu's backward mask. */
class HotPathGradTest {
    @Test void weightGradientOfXTimesWTransposedIsContiguousAndExact() {
        Generator gen = new Generator(5);
        Tensor x = gen.normal(0, 1, 6, 7).requiresGrad(true), w = gen.normal(0, 1, 3, 7).requiresGrad(true);
        Tensor g = gen.normal(0, 1, 6, 3);
        x.matmul(w.t()).backward(g);
        assertTrue(w.grad().isContiguous());
        float[] xf = x.toFloatArray(), wf = w.toFloatArray(), gf = g.toFloatArray(), dw = w.grad().toFloatArray(), dx = x.grad().toFloatArray();
        for (int o = 0; o < 3; o++)
            for (int i = 0; i < 7; i++) { // dW[o][i] = sum_r g[r][o] x[r][i]
                double s = 0;
                for (int r = 0; r < 6; r++) s += (double) gf[r * 3 + o] * xf[r * 7 + i];
                assertEquals(s, dw[o * 7 + i], 1e-5, "dW[" + o + "][" + i + "]");
            }
        for (int r = 0; r < 6; r++)
            for (int i = 0; i < 7; i++) { // dX[r][i] = sum_o g[r][o] w[o][i]
                double s = 0;
                for (int o = 0; o < 3; o++) s += (double) gf[r * 3 + o] * wf[o * 7 + i];
                assertEquals(s, dx[r * 7 + i], 1e-5, "dX[" + r + "][" + i + "]");
            }
    }

    @Test void reluBackwardPassesGradientWhereInputIsPositive() {
        float[] xs = {-2f, -0f, 0f, 1e-30f, 3f, Float.NaN, -1f, 5f, 0.5f, -0.5f, 2f, 7f, -7f, 1f, -1f, 4f, 9f, -9f, 0.1f};
        int n = xs.length;
        Tensor g = Tensor.arange(1, n + 1, 1);
        // contiguous input: the SIMD mask
        Tensor x = Tensor.of(xs, n).requiresGrad(true);
        x.relu().backward(g);
        float[] dx = x.grad().toFloatArray();
        for (int i = 0; i < n; i++) assertEquals(xs[i] > 0 ? i + 1 : 0f, dx[i], 0f, "x=" + xs[i]);
        // strided input (column 0 of [n, 2]): the general path, same answer
        float[] pairs = new float[2 * n];
        for (int i = 0; i < n; i++) { pairs[2 * i] = xs[i]; pairs[2 * i + 1] = 1f; }
        Tensor leaf = Tensor.of(pairs, n, 2).requiresGrad(true);
        leaf.select(1, 0).relu().backward(g);
        float[] dl = leaf.grad().toFloatArray();
        for (int i = 0; i < n; i++) {
            assertEquals(xs[i] > 0 ? i + 1 : 0f, dl[2 * i], 0f, "strided x=" + xs[i]);
            assertEquals(0f, dl[2 * i + 1], 0f);
        }
    }

    @Test void fusedReluBackwardMultipliesLikeTheMask() {
        for (int n : new int[]{1, 16, 17, 40}) {
            float[] x = new float[n + 2], g = new float[n + 5], out = new float[n], mask = new float[n];
            for (int i = 0; i < x.length; i++) x[i] = (i % 3) - 1;
            for (int i = 0; i < g.length; i++) g[i] = i % 4 == 0 ? Float.NaN : i - 7.5f;
            FloatKernels.mulPositiveMask(g, 5, x, 2, out, n);
            FloatKernels.positiveMask(x, 2, mask, n);
            for (int i = 0; i < n; i++) assertEquals(g[5 + i] * mask[i], out[i], 0f, "n=" + n + " i=" + i); // NaN·0 stays NaN
        }
        // with a graph through g (double backward) relu's backward keeps the differentiable product
        Tensor x = Tensor.of(new float[]{-1f, 2f, 3f, -4f}, 4).requiresGrad(true);
        Tensor g = Tensor.of(new float[]{1f, 1f, 1f, 1f}, 4).requiresGrad(true);
        Tensor dx = dev.nabla.autograd.Autograd.grad(new Tensor[]{x.relu()}, new Tensor[]{x}, new Tensor[]{g}, true, true, false)[0];
        Tensor dg = dev.nabla.autograd.Autograd.grad(dx.sum(), g)[0];
        assertArrayEquals(new float[]{0f, 1f, 1f, 0f}, dg.toFloatArray(), 0f);
    }

    @Test void positiveMaskHandlesTheTailAndAnOffset() {
        for (int n : new int[]{0, 1, 15, 16, 17, 40}) {
            float[] x = new float[n + 3];
            for (int i = 0; i < x.length; i++) x[i] = (i % 3) - 1; // -1, 0, 1, ...
            float[] mask = new float[n];
            FloatKernels.positiveMask(x, 3, mask, n);
            for (int i = 0; i < n; i++) assertEquals(x[3 + i] > 0 ? 1f : 0f, mask[i], "n=" + n + " i=" + i);
        }
    }
}
