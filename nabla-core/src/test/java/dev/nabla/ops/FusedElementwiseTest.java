package dev.nabla.ops;

import dev.nabla.autograd.GradCheck;
import dev.nabla.autograd.GradMode;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The one-pass forms: {@code add(o, alpha)} and {@code addcmul} (the fused multiply-add) against a
 * float64 reference of the two-pass expression, the out= forms against the allocating ops, their
 * gradients, errors and aliasing.
 */
class FusedElementwiseTest {
    /** Sizes around the SIMD width, the small-tensor fast path and the parallel grain (32768). */
    private static final int[] SIZES = {1, 7, 17, 1023, 70000};

    private static Tensor randn(long seed, int... shape) { return new Generator(seed).normal(0, 1, shape); }

    private static void assertClose(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        assertEquals(expected.dtype(), actual.dtype());
        assertTrue(Elementwise.allClose(actual, expected, 1e-5, 1e-6),
                () -> "max |diff| " + actual.to(DType.FLOAT64).sub(expected.to(DType.FLOAT64)).abs().max().item());
    }

    private static Tensor f64(Tensor t) { return t.to(DType.FLOAT64); }

    @Test
    void addAlphaMatchesTwoPassInFloat64OnContiguousStridedAndBroadcast() {
        for (int n : SIZES) {
            Tensor x = randn(n, n), y = randn(n + 1, n);
            assertClose(f64(x).add(f64(y).mul(-0.75)).to(DType.FLOAT32), x.add(y, -0.75));
            // strided: columns of a transposed [n, 3] matrix; broadcast: a [3, 1] column against a [3, n] matrix
            Tensor xt = randn(n + 2, n, 3).t(), yt = randn(n + 3, n, 3).t(), col = randn(n + 4, 3, 1);
            if (n > 1) assertFalse(xt.isContiguous());
            assertClose(f64(xt).add(f64(yt).mul(2.5)).to(DType.FLOAT32), xt.add(yt, 2.5));
            assertClose(f64(xt).add(f64(col).mul(2.5)).to(DType.FLOAT32), xt.add(col, 2.5));
            assertClose(f64(col).add(f64(xt).mul(2.5)).to(DType.FLOAT32), col.add(xt, 2.5));
        }
    }

    @Test
    void addcmulMatchesTwoPassWithScalarsAndFullTensors() {
        for (int n : SIZES) {
            Tensor x = randn(n, n), w = randn(n + 1, n), b = randn(n + 2, n);
            Tensor a = Tensor.scalar(1.5), c = Tensor.scalar(0.25);
            assertClose(f64(x).mul(1.5).add(0.25).to(DType.FLOAT32), c.addcmul(x, a));
            assertClose(f64(x).mul(f64(w)).add(f64(b)).to(DType.FLOAT32), b.addcmul(x, w));
            Tensor xt = randn(n + 3, n, 2).t();
            assertClose(f64(xt).mul(f64(x)).add(0.25).to(DType.FLOAT32), c.addcmul(xt, x));
            Tensor d = randn(n + 5, n).to(DType.FLOAT64);
            assertClose(d.mul(f64(x)).add(f64(w)), f64(w).addcmul(d, x));   // float64 path, promoted
        }
    }

    @Test
    void addAlphaOnIntegersKeepsTheIntegerDtype() {
        Tensor a = Tensor.of(new long[]{1, 2, 3}, 3), b = Tensor.of(new long[]{4, 5, 6}, 3);
        Tensor r = a.add(b, 2);
        assertEquals(DType.INT64, r.dtype());
        assertArrayEquals(new long[]{9, 12, 15}, r.toLongArray());
    }

    @Test
    void outFormsEqualTheAllocatingOps() {
        record Form(String name, BiFunction<Tensor, Tensor, Tensor> alloc, TriFn out) {}
        Form[] forms = {
                new Form("add", Tensor::add, Tensor::add), new Form("sub", Tensor::sub, Tensor::sub),
                new Form("mul", Tensor::mul, Tensor::mul), new Form("div", Tensor::div, Tensor::div)};
        for (int n : SIZES) {
            Tensor x = randn(n, 3, n), row = randn(n + 1, n), xt = randn(n + 2, n, 3).t();
            for (Form f : forms) {
                Tensor out = Tensor.empty(DType.FLOAT32, 3, n);
                assertSame(out, f.out.apply(x, row, out));
                assertClose(f.alloc.apply(x, row), out);
                f.out.apply(xt, x, out);
                assertClose(f.alloc.apply(xt, x), out);
                // a strided out
                Tensor outT = Tensor.empty(DType.FLOAT32, n, 3).t();
                f.out.apply(x, xt, outT);
                assertClose(f.alloc.apply(x, xt), outT);
            }
            Tensor out = Tensor.empty(DType.FLOAT32, 3, n);
            assertClose(x.add(0.5), x.add(0.5, out));
            assertClose(x.sub(0.5), x.sub(0.5, out));
            assertClose(x.mul(0.5), x.mul(0.5, out));
            assertClose(x.div(0.5), x.div(0.5, out));
            assertClose(Tensor.scalar(0.25).addcmul(x, Tensor.scalar(1.5)), Tensor.scalar(0.25).addcmul(x, Tensor.scalar(1.5), out));
        }
    }

    @FunctionalInterface interface TriFn { Tensor apply(Tensor a, Tensor b, Tensor out); }

    @Test
    void outMayBeAnInputOrOverlapIt() {
        Tensor x = randn(1, 1023), y = randn(2, 1023);
        Tensor expected = x.add(y);
        assertClose(expected, x.add(y, x));
        Tensor z = randn(3, 70000), e2 = z.mul(z).add(z);
        assertClose(e2, z.addcmul(z, z, z));
        // out a shifted view of the input's storage: must read the original values, not ones just written
        Tensor t = Tensor.of(new float[]{1, 2, 3, 4, 5, 6, 7, 8}, 8);
        Tensor src = t.narrow(0, 0, 7), dst = t.narrow(0, 1, 7);
        src.mul(10, dst);
        assertArrayEquals(new float[]{1, 10, 20, 30, 40, 50, 60, 70}, t.toFloatArray());
    }

    @Test
    void outFormsRejectWrongShapeDtypeAndGrad() {
        Tensor x = randn(1, 2, 3), row = randn(2, 3);
        var shape = assertThrows(IllegalArgumentException.class, () -> x.add(row, Tensor.empty(DType.FLOAT32, 3, 2)));
        assertTrue(shape.getMessage().startsWith("add: out tensor float32[3, 2] must be float32[2, 3]"), shape.getMessage());
        var dtype = assertThrows(IllegalArgumentException.class, () -> x.mul(row, Tensor.empty(DType.FLOAT64, 2, 3)));
        assertTrue(dtype.getMessage().contains("mul: out tensor float64[2, 3] must be float32[2, 3]"), dtype.getMessage());
        var fma = assertThrows(IllegalArgumentException.class, () -> x.addcmul(x, row, Tensor.empty(DType.FLOAT32, 6)));
        assertTrue(fma.getMessage().startsWith("fma: out tensor"), fma.getMessage());
        Tensor g = randn(3, 2, 3).requiresGrad(true);
        var grad = assertThrows(IllegalStateException.class, () -> g.div(row, Tensor.empty(DType.FLOAT32, 2, 3)));
        assertTrue(grad.getMessage().contains("div: the out= form is not differentiable"), grad.getMessage());
        assertThrows(IllegalStateException.class, () -> x.sub(2, g));
        try (var s = GradMode.noGrad()) {
            Tensor out = Tensor.empty(DType.FLOAT32, 2, 3);
            assertClose(g.div(row), g.div(row, out));   // allowed without grad mode
        }
    }

    @Test
    void gradientsOfTheFusedFormsMatchFiniteDifferences() {
        Tensor x = randn(4, 2, 3).to(DType.FLOAT64).requiresGrad(true);
        Tensor y = randn(5, 3).to(DType.FLOAT64).requiresGrad(true);
        Tensor z = randn(6, 2, 1).to(DType.FLOAT64).requiresGrad(true);
        assertTrue(GradCheck.gradcheck(xs -> xs[0].add(xs[1], -1.75), x, y));
        assertTrue(GradCheck.gradcheck(xs -> xs[2].addcmul(xs[0], xs[1]), x, y, z));
        assertTrue(GradCheck.gradgradcheck(xs -> xs[2].addcmul(xs[0], xs[1]), x, y, z));
        // grad flows to a float32 leaf through the fused add too
        Tensor a = randn(7, 5).requiresGrad(true), b = randn(8, 5);
        a.add(b, 3).sum().backward();
        assertClose(Tensor.ones(5), a.grad());
    }
}
