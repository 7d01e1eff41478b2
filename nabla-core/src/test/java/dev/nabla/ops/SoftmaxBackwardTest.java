package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static dev.nabla.ops.OpCheck.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The fused float32 (log-)softmax backward against the composed float64 rule: row lengths around
 * the vector width, masked (-inf) entries, a non-contiguous upstream gradient; and double backward,
 * which must still take the composed path.
 */
class SoftmaxBackwardTest {
    /** dL/dx for L = sum(f(x) * r), run in x's dtype. */
    private static Tensor grad(Function<Tensor, Tensor> f, Tensor x, Tensor r) {
        Tensor xg = x.contiguousCopy().requiresGrad(true);
        f.apply(xg).backward(r);
        return xg.grad();
    }

    private static void compare(String what, Function<Tensor, Tensor> f, Tensor x, Tensor r) {
        Tensor expected = grad(f, x.toDouble(), r.toDouble());
        Tensor actual = grad(f, x, r);
        assertEquals(DType.FLOAT32, actual.dtype(), what);
        assertClose(what, expected.to(DType.FLOAT32), actual, 1e-4, 1e-5);
    }

    @Test
    void fusedMatchesComposedFloat64() {
        for (int n : new int[]{1, 3, 7, 16, 17, 33, 128, 300}) {
            Tensor x = rand(n, -4, 4, 3, 5, n), r = randn(100 + n, 3, 5, n);
            compare("softmax n=" + n, t -> t.softmax(-1), x, r);
            compare("log_softmax n=" + n, t -> t.logSoftmax(-1), x, r);
            // dim not last: the composed path, still right
            compare("softmax dim 1 n=" + n, t -> t.softmax(1), x, r);
        }
    }

    @Test
    void maskedEntriesAndStridedUpstream() {
        Tensor x = rand(1, -3, 3, 4, 2, 19);
        boolean[] m = new boolean[4 * 2 * 19];
        for (int i = 0; i < m.length; i++) m[i] = i % 3 == 1 || i % 19 > 15; // scattered and causal-like tails
        Tensor mask = Tensor.of(m, 4, 2, 19);
        Function<Tensor, Tensor> f = t -> t.maskedFill(mask, Double.NEGATIVE_INFINITY).softmax(-1);
        compare("masked softmax", f, x, randn(2, 4, 2, 19));
        Tensor g = grad(f, x, randn(2, 4, 2, 19));
        for (int i = 0; i < m.length; i++) if (m[i]) assertEquals(0f, g.toFloatArray()[i], "masked entry " + i + " gets no gradient");
        // upstream gradient as a permuted (non-contiguous) view
        Tensor rT = randn(3, 19, 2, 4).permute(2, 1, 0);
        assertFalse(rT.isContiguous());
        compare("strided upstream", t -> t.softmax(-1), x, rT);
        compare("strided upstream log", t -> t.logSoftmax(-1), x, rT);
    }

    @Test
    void doubleBackwardStillComposed() {
        // d/dx of sum((d softmax(x)·r / dx) · w) in float32 against float64
        Tensor x = rand(5, -2, 2, 3, 9), r = randn(6, 3, 9), w = randn(7, 3, 9);
        Tensor[] res = new Tensor[2];
        for (int k = 0; k < 2; k++) {
            Tensor xg = (k == 0 ? x.toDouble() : x).contiguousCopy().requiresGrad(true);
            Tensor rr = k == 0 ? r.toDouble() : r, ww = k == 0 ? w.toDouble() : w;
            Tensor gx = Autograd.grad(new Tensor[]{xg.softmax(-1).mul(rr).sum()}, new Tensor[]{xg}, null, true, true, false)[0];
            gx.mul(ww).sum().backward();
            res[k] = xg.grad();
        }
        assertClose("softmax double backward", res[0].to(DType.FLOAT32), res[1], 1e-4, 1e-5);
        assertNotEquals(0.0, res[1].abs().sum().item(), "second derivative is not trivially zero");
    }
}
