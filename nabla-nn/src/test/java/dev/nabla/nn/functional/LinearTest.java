package dev.nabla.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.Autograd;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The fused float32 linear (bias folded into the GEMM) against the composed definition
 * {@code x.matmul(wᵀ).add(b)}: values, all three gradients, a second-order gradient, and the
 * cases that must keep the composed path.
 */
class LinearTest {
    @Test
    void fusedMatchesComposedValuesAndGradients() {
        // 2-D with odd sizes (edge tiles, direct and packed GEMM paths), 3-D input, and a K past one block
        for (int[] s : new int[][] {{5, 3, 7}, {37, 19, 45}, {130, 70, 520}, {2, 9, 33, 17}}) {
            Generator g = new Generator(s.length * 100 + s[0]);
            int in = s[s.length - 2], out = s[s.length - 1];
            int[] xShape = java.util.Arrays.copyOf(s, s.length - 1);
            Tensor x = g.normal(0, 1, xShape).requiresGrad(true), w = g.normal(0, 1, out, in).requiresGrad(true),
                    b = g.normal(0, 1, out).requiresGrad(true);
            int[] yShape = x.shape();
            yShape[yShape.length - 1] = out;
            Tensor cot = g.normal(0, 1, yShape);
            Tensor fused = Linear.linear(x, w, b), composed = x.matmul(w.t()).add(b);
            assertArrayEquals(composed.shape(), fused.shape());
            double tol = 1e-5 * (in + 8);
            assertClose(composed, fused, tol, "forward " + java.util.Arrays.toString(s));
            Tensor[] gf = Autograd.grad(new Tensor[]{fused}, new Tensor[]{x, w, b}, new Tensor[]{cot}, false, false, false);
            Tensor[] gc = Autograd.grad(new Tensor[]{composed}, new Tensor[]{x, w, b}, new Tensor[]{cot}, false, false, false);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(gc[i].shape(), gf[i].shape());
                assertClose(gc[i], gf[i], 1e-5 * (x.numel() / in + out + 8), "grad " + i + " " + java.util.Arrays.toString(s));
            }
        }
    }

    @Test
    void secondOrderGradientMatchesComposed() {
        Generator g = new Generator(7);
        Tensor x = g.normal(0, 1, 6, 5).requiresGrad(true), w = g.normal(0, 1, 4, 5).requiresGrad(true), b = g.normal(0, 1, 4).requiresGrad(true);
        // d/dw of sum((dL/dx)^2) with L = sum(tanh(linear)): needs the backward to be differentiable
        Tensor[] r = new Tensor[2];
        int i = 0;
        for (Tensor y : new Tensor[]{Linear.linear(x, w, b), x.matmul(w.t()).add(b)}) {
            Tensor gx = Autograd.grad(new Tensor[]{y.tanh().sum()}, new Tensor[]{x}, null, true, true, false)[0];
            r[i++] = Autograd.grad(gx.mul(gx).sum(), w)[0];
        }
        assertClose(r[1], r[0], 1e-4, "second order");
    }

    @Test
    void onlyInputsThatRequireGradGetOne() {
        Generator g = new Generator(3);
        Tensor x = g.normal(0, 1, 4, 6), w = g.normal(0, 1, 3, 6).requiresGrad(true), b = g.normal(0, 1, 3);
        Linear.linear(x, w, b).sum().backward();
        assertNull(x.grad());
        assertNull(b.grad());
        assertClose(Tensor.ones(4, 3).t().matmul(x), w.grad(), 1e-5, "weight grad");
    }

    @Test
    void nonContiguousAndFloat64InputsStillMatch() {
        Generator g = new Generator(5);
        Tensor xt = g.normal(0, 1, 6, 8).t(), w = g.normal(0, 1, 4, 6), b = g.normal(0, 1, 4);
        assertClose(xt.matmul(w.t()).add(b), Linear.linear(xt, w, b), 1e-5, "transposed input");
        Tensor x64 = g.normal(0, 1, 3, 6).to(dev.nabla.tensor.DType.FLOAT64);
        Tensor y64 = Linear.linear(x64, w.to(dev.nabla.tensor.DType.FLOAT64), b.to(dev.nabla.tensor.DType.FLOAT64));
        assertEquals(dev.nabla.tensor.DType.FLOAT64, y64.dtype());
    }

    private static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        assertEquals(e.length, a.length, what);
        double max = 0;
        for (int i = 0; i < e.length; i++) max = Math.max(max, Math.abs((double) e[i] - a[i]));
        assertTrue(max <= tol, what + ": max difference " + max + " > " + tol);
    }
}
