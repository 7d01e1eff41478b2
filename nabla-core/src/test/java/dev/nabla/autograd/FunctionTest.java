package dev.nabla.autograd;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** User-defined differentiable functions. */
class FunctionTest {
    /** y = x * exp(w), z = argmax-like index of the largest y (non-differentiable). */
    static final class ScaleAndArgmax extends Function {
        @Override protected Tensor[] forward(Context ctx, Tensor... in) {
            Tensor e = in[1].exp();
            Tensor y = in[0].mul(e);
            Tensor idx = y.argmax();
            ctx.saveForBackward(in[0], e);
            ctx.markNonDifferentiable(idx);
            return new Tensor[]{y, idx};
        }

        @Override protected Tensor[] backward(Context ctx, Tensor... g) {
            Tensor x = ctx.saved(0), e = ctx.saved(1);
            return new Tensor[]{
                    ctx.needsInputGrad(0) ? g[0].mul(e) : null,
                    ctx.needsInputGrad(1) ? g[0].mul(x).mul(e).sum().reshape(1) : null};
        }
    }

    @Test
    void subclassWithTwoInputsTwoOutputsAndANonDifferentiableOne() {
        Tensor x = Tensor.of(new double[]{1, -2, 3}, 3).requiresGrad(true);
        Tensor w = Tensor.of(new double[]{0.5}, 1).requiresGrad(true);
        Tensor[] out = new ScaleAndArgmax().apply(x, w);
        assertTrue(out[0].requiresGrad());
        assertFalse(out[1].requiresGrad(), "marked non-differentiable");
        assertEquals(DType.INT64, out[1].dtype());
        assertEquals(2, out[1].item());
        assertEquals(java.util.List.of("ScaleAndArgmax"), Autograd.trace(out[0]));
        assertTrue(GradCheck.gradcheck(xs -> new ScaleAndArgmax().apply(xs)[0], x, w));
    }

    @Test
    void lambdaFunctionIsTwiceDifferentiable() {
        Function cube = Function.of("cube",
                (ctx, in) -> { ctx.saveForBackward(in[0]); return new Tensor[]{in[0].pow(3)}; },
                (ctx, g) -> new Tensor[]{g[0].mul(ctx.saved(0).square()).mul(3)});
        Tensor x = Tensor.of(new double[]{0.5, -1.5}, 2).requiresGrad(true);
        assertTrue(GradCheck.gradcheck(xs -> cube.apply1(xs[0]), x));
        assertTrue(GradCheck.gradgradcheck(xs -> cube.apply1(xs[0]), x));
    }

    @Test
    void savedTensorModifiedInPlaceFailsBackward() {
        Function scale = Function.of("scale_by",
                (ctx, in) -> { ctx.saveForBackward(in[1]); return new Tensor[]{in[0].mul(in[1])}; },
                (ctx, g) -> new Tensor[]{g[0].mul(ctx.saved(0)), null});
        Tensor x = Tensor.ones(2).requiresGrad(true);
        Tensor s = Tensor.of(new float[]{2, 3}, 2);
        Tensor y = scale.apply1(x, s);
        s.mul_(10);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("scale_by") && e.getMessage().contains("in-place"), e.getMessage());
    }

    @Test
    void wrongNumberOfGradientsIsReported() {
        Function bad = Function.of("bad", (ctx, in) -> new Tensor[]{in[0].mul(2)}, (ctx, g) -> new Tensor[]{g[0], g[0]});
        Tensor x = Tensor.ones(2).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> bad.apply1(x).sum().backward());
        assertTrue(e.getMessage().contains("bad") && e.getMessage().contains("2 gradients for 1 inputs"), e.getMessage());
    }

    @Test
    void returningAnInputDoesNotRewriteItsHistory() {
        Function identity = Function.of("identity", (ctx, in) -> new Tensor[]{in[0]}, (ctx, g) -> new Tensor[]{g[0]});
        Tensor x = Tensor.ones(2).requiresGrad(true);
        Tensor y = identity.apply1(x);
        assertNotSame(x, y);
        assertTrue(x.isLeaf());
        y.mul(4).sum().backward();
        assertArrayEquals(new float[]{4, 4}, x.grad().toFloatArray());
    }

    @Test
    void nothingIsRecordedUnderNoGrad() {
        Function twice = Function.of("twice", (ctx, in) -> new Tensor[]{in[0].mul(2)}, (ctx, g) -> new Tensor[]{g[0].mul(2)});
        Tensor x = Tensor.ones(2).requiresGrad(true);
        try (var s = GradMode.noGrad()) {
            assertFalse(twice.apply1(x).requiresGrad());
        }
    }
}
