package dev.nabla.autograd;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** The engine's contract: accumulation, retained and freed graphs, functional grad, higher order. */
class AutogradTest {
    private static Tensor vec(double... v) { return Tensor.of(v, v.length).requiresGrad(true); }

    private static void assertValues(double[] expected, Tensor t) { assertArrayEquals(expected, t.toDoubleArray(), 1e-9); }

    @Test
    void scalarBackwardAndExplicitGradient() {
        Tensor x = vec(1, 2, 3);
        x.mul(x).sum().backward();
        assertValues(new double[]{2, 4, 6}, x.grad());
        Tensor y = vec(1, 2, 3);
        y.mul(3).backward(Tensor.of(new double[]{1, 0, 2}, 3));
        assertValues(new double[]{3, 0, 6}, y.grad());
    }

    @Test
    void nonScalarBackwardWithoutGradientFails() {
        Tensor x = vec(1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.mul(2).backward());
        assertTrue(e.getMessage().contains("scalar"), e.getMessage());
    }

    @Test
    void gradientsAccumulateUntilZeroed() {
        Tensor x = vec(1, 2);
        x.mul(x).sum().backward();
        x.mul(3).sum().backward();
        assertValues(new double[]{2 + 3, 4 + 3}, x.grad());
        x.zeroGrad();
        assertNull(x.grad());
        x.sum().backward();
        assertValues(new double[]{1, 1}, x.grad());
    }

    @Test
    void fanOutSumsBothPaths() {
        Tensor x = vec(2);
        Tensor y = x.exp();
        y.mul(y).add(y).sum().backward();   // e^{2x} + e^x  ->  2e^{2x} + e^x
        assertEquals(2 * Math.exp(4) + Math.exp(2), x.grad().item(), 1e-9);
    }

    @Test
    void retainGraphAllowsASecondBackwardAndAFreedGraphSaysSo() {
        Tensor x = vec(1, 2);
        Tensor loss = x.tanh().sum();
        loss.backward(null, true, false);
        double[] first = x.grad().toDoubleArray();
        loss.backward(null, false, false);
        for (int k = 0; k < 2; k++) assertEquals(2 * first[k], x.grad().toDoubleArray()[k], 1e-12);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loss.backward());
        assertTrue(e.getMessage().contains("already freed") && e.getMessage().contains("retainGraph"), e.getMessage());
    }

    @Test
    void storedGradientsNeverShareMemoryWithEachOtherOrTheCaller() {
        Tensor x = vec(1, 2), y = vec(3, 4);
        Tensor given = Tensor.of(new double[]{1, 1}, 2);
        x.add(y).backward(given);   // add hands the same gradient tensor to both inputs
        assertNotSame(x.grad().storage(), y.grad().storage());
        assertNotSame(given.storage(), x.grad().storage());
        assertNotSame(given.storage(), y.grad().storage());
        try (var s = GradMode.noGrad()) {
            x.grad().mul_(10);
        }
        assertValues(new double[]{1, 1}, y.grad());
        assertValues(new double[]{1, 1}, given);
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = vec(3);
        Tensor d = x.mul(2).detach();
        assertFalse(d.requiresGrad());
        x.mul(d).sum().backward();   // d is a constant 6
        assertValues(new double[]{6}, x.grad());
    }

    @Test
    void functionalGradDoesNotTouchDotGrad() {
        Tensor x = vec(1, 2), y = vec(3, 4);
        Tensor[] g = Autograd.grad(x.mul(y).sum(), x, y);
        assertValues(new double[]{3, 4}, g[0]);
        assertValues(new double[]{1, 2}, g[1]);
        assertNull(x.grad());
        assertNull(y.grad());
    }

    @Test
    void functionalGradOfAnIntermediateAndAllowUnused() {
        Tensor x = vec(1, 2), unused = vec(5);
        Tensor h = x.mul(2);
        Tensor out = h.square().sum();
        Tensor[] g = Autograd.grad(new Tensor[]{out}, new Tensor[]{h, unused}, null, true, false, true);
        assertValues(new double[]{4, 8}, g[0]);   // d(h^2)/dh = 2h
        assertNull(g[1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Autograd.grad(new Tensor[]{out}, new Tensor[]{unused}, null, true, false, false));
        assertTrue(e.getMessage().contains("allowUnused"), e.getMessage());
    }

    @Test
    void hessianVectorProductMatchesAnalytic() {
        // f(x) = sum(x^3) + x0 * x1: H = diag(6x) + [[0,1],[1,0]]
        Tensor x = vec(1, 2);
        Tensor v = Tensor.of(new double[]{0.5, -1}, 2);
        Tensor f = x.pow(3).sum().add(x.select(0, 0).mul(x.select(0, 1)));
        Tensor g = Autograd.grad(new Tensor[]{f}, new Tensor[]{x}, null, true, true, false)[0];
        assertTrue(g.requiresGrad(), "with createGraph the gradient is differentiable");
        Tensor hv = Autograd.grad(new Tensor[]{g.mul(v).sum()}, new Tensor[]{x}, null, false, false, false)[0];
        assertValues(new double[]{6 * 1 * 0.5 + 1 * -1, 1 * 0.5 + 6 * 2 * -1}, hv);
    }

    @Test
    void gradientPenaltyReachesTheParameters() {
        // D(x) = tanh(w . x); penalty = (|dD/dx|^2); d penalty / dw computed by double backward vs finite differences
        Tensor w = vec(0.3, -0.7);
        Tensor x = vec(1.0, 0.5);
        GradCheck.Fn penalty = xs -> {
            Tensor d = xs[0].mul(xs[1]).sum().tanh();
            Tensor gx = Autograd.grad(new Tensor[]{d}, new Tensor[]{xs[1]}, null, true, true, false)[0];
            return gx.square().sum();
        };
        Tensor p = penalty.apply(w, x);
        p.backward();
        assertNotNull(w.grad());
        assertTrue(GradCheck.gradcheck(penalty, w, x));
    }

    @Test
    void retainGradKeepsAnIntermediateGradient() {
        Tensor x = vec(1, 2);
        Tensor h = x.mul(3).retainGrad();
        h.square().sum().backward();
        assertValues(new double[]{6, 12}, h.grad());
        assertValues(new double[]{18, 36}, x.grad());
    }

    @Test
    void hooksSeeAndReplaceGradientsOnLeafAndNonLeaf() {
        Tensor x = vec(1, 2);
        AtomicReference<double[]> seenAtLeaf = new AtomicReference<>();
        x.registerHook(g -> { seenAtLeaf.set(g.toDoubleArray()); return null; });
        Tensor h = x.mul(2);
        h.registerHook(g -> g.mul(10));   // scales what flows on to x
        h.sum().backward();
        assertValues(new double[]{20, 20}, x.grad());
        assertArrayEquals(new double[]{20, 20}, seenAtLeaf.get(), 1e-12);
        Tensor y = vec(1);
        y.registerHook(g -> g.neg());
        y.mul(5).sum().backward();
        assertValues(new double[]{-5}, y.grad());
    }

    @Test
    void inPlaceChangeOfASavedTensorFailsAtBackward() {
        Tensor x = vec(1, 2);
        Tensor h = x.mul(2);
        Tensor y = h.exp();           // exp saves h (and its output)
        h.add_(Tensor.ones(2));       // h is now at a newer version
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("backward of 'exp'") && e.getMessage().contains("modified by an in-place operation"),
                e.getMessage());
    }

    @Test
    void inPlaceOnALeafThatRequiresGradIsRefused() {
        Tensor x = vec(1, 2);
        assertThrows(IllegalStateException.class, () -> x.add_(Tensor.ones(2)));
        try (var s = GradMode.noGrad()) {
            x.add_(Tensor.ones(2));   // allowed without recording, like an optimizer step
        }
        assertValues(new double[]{2, 3}, x.detach());
    }

    @Test
    void backwardOnATensorWithoutHistoryFails() {
        Tensor x = Tensor.ones(DType.FLOAT64, 2);
        assertThrows(IllegalStateException.class, () -> x.sum().backward());
    }

    @Test
    void badGradientShapeIsNamed() {
        Tensor x = vec(1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.mul(2).backward(Tensor.ones(DType.FLOAT64, 3)));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2]"), e.getMessage());
    }
}
