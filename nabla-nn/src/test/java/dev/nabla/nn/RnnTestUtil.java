package dev.nabla.nn;

import dev.nabla.autograd.Autograd;
import dev.nabla.autograd.GradMode;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test helpers for the recurrent and attention tests: float64 gradcheck and closeness checks. */
public final class RnnTestUtil {
    private RnnTestUtil() {}

    /**
     * Checks d loss / d t for each tensor against central differences on {@code samples} elements
     * (spread over the tensor). {@code loss} recomputes a scalar from the current values.
     */
    public static void gradcheck(String what, Supplier<Tensor> loss, int samples, Tensor... wrt) {
        Tensor l = loss.get();
        Tensor[] g = Autograd.grad(new Tensor[]{l}, wrt, null, false, false, true);
        double eps = 1e-6;
        for (int w = 0; w < wrt.length; w++) {
            Tensor t = wrt[w];
            assertEquals(DType.FLOAT64, t.dtype(), what + ": gradcheck needs float64");
            int n = t.numel();
            assertTrue(g[w] != null, what + ": input " + w + " got no gradient");
            double[] analytic = g[w].contiguous().toDoubleArray();
            int[] shape = t.shape();
            for (int s = 0; s < Math.min(samples, n); s++) {
                int flat = (int) ((long) s * n / Math.min(samples, n)) + (n > samples ? s % 2 : 0);
                flat = Math.min(flat, n - 1);
                int[] idx = unravel(flat, shape);
                double orig = t.get(idx);
                double plus, minus;
                try (var ng = GradMode.noGrad()) {
                    t.set(orig + eps, idx);
                    plus = loss.get().item();
                    t.set(orig - eps, idx);
                    minus = loss.get().item();
                    t.set(orig, idx);
                }
                double numeric = (plus - minus) / (2 * eps);
                double a = analytic[flat];
                assertTrue(Math.abs(a - numeric) <= 1e-6 + 1e-5 * Math.abs(numeric),
                        what + ": input " + w + " element " + flat + " analytic " + a + " vs numeric " + numeric);
            }
        }
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) { idx[k] = flat % shape[k]; flat /= shape[k]; }
        return idx;
    }

    /** sum(out * r) with a fixed random r of out's shape and dtype: a loss with a non-trivial cotangent. */
    public static Tensor weightedSum(Tensor out, long seed) {
        Tensor r = new Generator(seed).normal(0, 1, out.shapeRef()).to(out.dtype());
        return out.mul(r).sum();
    }

    public static void assertClose(String what, Tensor expected, Tensor actual, double rtol, double atol) {
        assertTrue(java.util.Arrays.equals(expected.shape(), actual.shape()),
                what + ": shape " + java.util.Arrays.toString(actual.shape()) + " vs expected " + java.util.Arrays.toString(expected.shape()));
        double[] e = expected.contiguous().toDoubleArray(), a = actual.contiguous().toDoubleArray();
        for (int i = 0; i < e.length; i++)
            assertTrue(Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]), what + ": element " + i + " is " + a[i] + ", expected " + e[i]);
    }

    /** A float64 leaf copy of t that requires grad. */
    public static Tensor leaf64(Tensor t) { return t.detach().toDouble().contiguousCopy().detach().requiresGrad(true); }
}
