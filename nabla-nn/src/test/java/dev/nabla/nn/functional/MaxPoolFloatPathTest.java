package dev.nabla.nn.functional;

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

    @Test void stridedInputIsReadThroughItsOffset() {
        Generator g = new Generator(3);
        Tensor big = g.normal(0, 1, 2, 2, 8, 8);
        Tensor view = big.narrow(0, 1, 1); // contiguous with a non-zero offset
        Tensor y = Pool.maxPool2d(view, 2), ref = Pool.maxPool2d(view.to(DType.FLOAT64), 2);
        assertArrayEquals(ref.toDoubleArray(), y.to(DType.FLOAT64).toDoubleArray(), 0);
    }
}
