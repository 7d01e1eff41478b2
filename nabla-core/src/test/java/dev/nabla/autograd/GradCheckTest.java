package dev.nabla.autograd;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** gradcheck must catch wrong gradients, name the worst element, and leave its inputs alone. */
class GradCheckTest {
    private static Tensor x() { return Tensor.of(new double[]{0.5, -1.0, 2.0, 0.3}, 2, 2).requiresGrad(true); }

    /** x^2 with a backward that is wrong in one element only. */
    private static final Function WRONG_AT_ONE = Function.of("square_wrong_at_3",
            (ctx, in) -> { ctx.saveForBackward(in[0]); return new Tensor[]{in[0].square()}; },
            (ctx, g) -> {
                Tensor mask = Tensor.of(new double[]{1, 1, 1, 1.5}, 2, 2);
                return new Tensor[]{g[0].mul(ctx.saved(0)).mul(2).mul(mask)};
            });

    @Test
    void passesOnCorrectGradients() {
        assertTrue(GradCheck.gradcheck(xs -> xs[0].tanh().mul(xs[1]).sum(new int[]{0}, false), x(), x()));
        assertTrue(GradCheck.gradgradcheck(xs -> xs[0].tanh().mul(xs[1]), x(), x()));
    }

    @Test
    void reportsTheWorstElementWithItsIndex() {
        GradCheck.Failure f = assertThrows(GradCheck.Failure.class, () -> GradCheck.gradcheck(xs -> WRONG_AT_ONE.apply1(xs[0]), x()));
        // element [1, 1] of input 0 (value 0.3): analytic 0.9 vs numeric 0.6, on output [1, 1]
        assertTrue(f.getMessage().contains("d output[1, 1] / d input 0[1, 1]"), f.getMessage());
        assertTrue(f.getMessage().matches(".*analytic 0\\.(9|8999)\\d* vs numeric 0\\.(6|5999)\\d*.*"), f.getMessage());
    }

    @Test
    void gradgradcheckCatchesANonDifferentiableBackward() {
        // right first derivative, but computed from a detached copy: the second derivative is lost
        Function cube = Function.of("cube_detached_backward",
                (ctx, in) -> { ctx.saveForBackward(in[0]); return new Tensor[]{in[0].pow(3)}; },
                (ctx, g) -> new Tensor[]{g[0].mul(ctx.saved(0).detach().square()).mul(3)});
        assertTrue(GradCheck.gradcheck(xs -> cube.apply1(xs[0]), x()));
        assertThrows(GradCheck.Failure.class, () -> GradCheck.gradgradcheck(xs -> cube.apply1(xs[0]), x()));
    }

    @Test
    void inputsAreNotModifiedAndMayBeFloat32() {
        Tensor a = Tensor.of(new float[]{1, 2, 3}, 3).requiresGrad(true);
        float[] before = a.toFloatArray();
        assertTrue(GradCheck.gradcheck(xs -> {
            assertEquals(DType.FLOAT64, xs[0].dtype(), "gradcheck runs in float64");
            return xs[0].exp().sum();
        }, a));
        assertArrayEquals(before, a.toFloatArray());
        assertNull(a.grad(), "gradcheck must not touch .grad");
    }

    @Test
    void needsAnInputThatRequiresGrad() {
        assertThrows(IllegalArgumentException.class, () -> GradCheck.gradcheck(xs -> xs[0].exp(), Tensor.ones(2)));
    }
}
