package dev.nabla.nn.functional;

import dev.nabla.autograd.Autograd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The float32 max-pool path agrees with the float64 path (the original definition), forward and backward. */
class MaxPoolFloatPathTest {
    static void check(int[] k, int[] s, int[] p, int[] shape, boolean withNaN) {
        Generator g = new Generator(11);
        Tensor x32 = g.normal(0, 1, shape);
        if (withNaN) x32.storage().floats()[x32.offset() + 7] = Float.NaN;
        Tensor x64 = x32.to(DType.FLOAT64);
        x32.requiresGrad(true);
        x64.requiresGrad(true);
        Tensor y32 = Pool.maxPool2d(x32, k, s, p, new int[]{1, 1}, false), y64 = Pool.maxPool2d(x64, k, s, p, new int[]{1, 1}, false);
        assertEquals(DType.FLOAT32, y32.dtype());
        assertArrayEquals(y64.shape(), y32.shape());
        Tensor cot = g.normal(0, 1, y32.shape());
        y32.backward(cot);
        y64.backward(cot.to(DType.FLOAT64));
        double[] a = y32.to(DType.FLOAT64).toDoubleArray(), b = y64.toDoubleArray();
        for (int i = 0; i < a.length; i++)
            if (Double.isNaN(b[i])) assertTrue(Double.isNaN(a[i]), "y[" + i + "] should be NaN");
            else assertEquals(b[i], a[i], 0, "y[" + i + "]");
        double[] ga = x32.grad().to(DType.FLOAT64).toDoubleArray(), gb = x64.grad().toDoubleArray();
        for (int i = 0; i < ga.length; i++) assertEquals(gb[i], ga[i], 1e-5, "dx[" + i + "]");
    }

    @Test void plainTwoByTwo() { check(new int[]{2, 2}, new int[]{2, 2}, new int[]{0, 0}, new int[]{3, 4, 8, 8}, false); }

    @Test void overlappingPaddedWindowsAccumulateGradients() { check(new int[]{3, 3}, new int[]{2, 2}, new int[]{1, 1}, new int[]{2, 3, 7, 9}, false); }

    @Test void nanWinsItsWindow() { check(new int[]{2, 2}, new int[]{2, 2}, new int[]{0, 0}, new int[]{1, 2, 6, 6}, true); }

    @Test void oddSizesDropTheLastRowAndColumn() { check(new int[]{2, 2}, new int[]{2, 2}, new int[]{0, 0}, new int[]{2, 3, 7, 9}, false); }

    @Test void tiesAndNaNsPickTheSameCellAsTheGeneralPath() {
        // few distinct values: most windows hold ties; two NaNs in one window (the last must win)
        Generator g = new Generator(5);
        Tensor x = g.randint(0, 3, 2, 3, 6, 8).to(DType.FLOAT32);
        float[] f = x.storage().floats();
        f[0] = Float.NaN;
        f[9] = Float.NaN;
        Tensor fast = Pool.maxPool2d(x, 2);
        Pool.WithIndices general = Pool.maxPool2dWithIndices(x, new int[]{2, 2}, null, new int[]{0, 0}, new int[]{1, 1}, false);
        assertArrayEquals(general.values().toDoubleArray(), fast.toDoubleArray(), 0);
        Tensor cot = g.normal(0, 1, 2, 3, 3, 4);
        Tensor xa = x.detach().requiresGrad(true), xb = x.detach().requiresGrad(true);
        Pool.maxPool2d(xa, 2).backward(cot);
        Pool.maxPool2dWithIndices(xb, new int[]{2, 2}, null, new int[]{0, 0}, new int[]{1, 1}, false).values().backward(cot);
        assertArrayEquals(xb.grad().toDoubleArray(), xa.grad().toDoubleArray(), 0, "gradient lands on the same cells");
    }

    @Test void doubleBackwardGoesThroughTheGeneralScatter() {
        Generator g = new Generator(8);
        Tensor x = g.normal(0, 1, 1, 2, 4, 6).requiresGrad(true);
        Tensor r = g.normal(0, 1, 1, 2, 2, 3).requiresGrad(true);
        Tensor gx = Autograd.grad(new Tensor[]{Pool.maxPool2d(x, 2)}, new Tensor[]{x}, new Tensor[]{r}, true, true, false)[0];
        Tensor dr = Autograd.grad(gx.square().sum(), r)[0];
        // gx puts each r on one cell, so d/dr Σ gx² = 2r
        assertTrue(dr.allClose(r.detach().mul(Tensor.of(new float[]{2f}, 1)), 1e-6, 1e-6));
    }

    @Test void stridedInputIsReadThroughItsOffset() {
        Generator g = new Generator(3);
        Tensor big = g.normal(0, 1, 2, 2, 8, 8);
        Tensor view = big.narrow(0, 1, 1); // contiguous with a non-zero offset
        Tensor y = Pool.maxPool2d(view, 2), ref = Pool.maxPool2d(view.to(DType.FLOAT64), 2);
        assertArrayEquals(ref.toDoubleArray(), y.to(DType.FLOAT64).toDoubleArray(), 0);
    }
}
