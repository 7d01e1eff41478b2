package dev.nabla.nn.functional;

import dev.nabla.tensor.Tensor;

import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Checks a loss against an independent double-precision reference written as plain loops: values
 * elementwise, and the input gradient of {@code sum(out · cot)} against central finite differences
 * of the reference in float64.
 */
final class LossCheck {
    private LossCheck() {}

    static final Random RNG = new Random(42);

    static float[] randn(int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (RNG.nextGaussian() * scale);
        return a;
    }

    static float[] uniform(int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (lo + (hi - lo) * RNG.nextDouble());
        return a;
    }

    static double[] widen(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    /**
     * @param x     the input values (float32, given to {@code op} with requiresGrad)
     * @param shape the input's shape
     * @param op    the loss under test, of the input tensor
     * @param ref   the reference: per-element losses (NONE) or a one-element array, from double inputs
     * @param tol   absolute + relative tolerance for values and gradients
     */
    static void check(float[] x, int[] shape, Function<Tensor, Tensor> op, Function<double[], double[]> ref, double tol) {
        Tensor in = Tensor.of(x, shape).requiresGrad(true);
        Tensor out = op.apply(in);
        double[] expected = ref.apply(widen(x));
        double[] actual = out.toDoubleArray();
        assertEquals(expected.length, actual.length, "number of loss values");
        for (int i = 0; i < expected.length; i++)
            assertEquals(expected[i], actual[i], tol * (1 + Math.abs(expected[i])), "loss value " + i);
        double[] cot = widen(randn(expected.length, 1));
        out.mul(Tensor.of(cot, out.shape()).toFloat()).sum().backward();
        double[] grad = in.grad().toDoubleArray();
        double h = 1e-6;
        double[] xd = widen(x);
        for (int i = 0; i < xd.length; i++) {
            double keep = xd[i];
            xd[i] = keep + h;
            double up = dot(ref.apply(xd), cot);
            xd[i] = keep - h;
            double down = dot(ref.apply(xd), cot);
            xd[i] = keep;
            double fd = (up - down) / (2 * h);
            assertEquals(fd, grad[i], tol * (1 + Math.abs(fd)), "gradient of element " + i);
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * (double) (float) b[i];
        return s;
    }

    /** Applies a reduction to per-element reference losses, MEAN dividing by {@code meanDivisor}. */
    static double[] reduce(double[] perElement, Reduction r, double meanDivisor) {
        if (r == Reduction.NONE) return perElement;
        double s = 0;
        for (double v : perElement) s += v;
        return new double[]{r == Reduction.SUM ? s : s / meanDivisor};
    }
}
