package dev.nabla.nn;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Float64 gradient check: the analytic gradient of {@code L = Σ f()·R} (R a fixed random
 * cotangent) against central finite differences on a few elements of every leaf, perturbed in
 * place in their storage.
 */
public final class GradCheck {
    private GradCheck() {}

    /**
     * @param what    label for messages
     * @param f       recomputes the output from the current values of {@code leaves}
     * @param leaves  float64 contiguous tensors requiring grad (perturbed and restored)
     * @param samples elements checked per leaf
     * @param exempt  (leaf index, element) pairs not compared (gradient zero by definition)
     */
    public static void check(String what, Supplier<Tensor> f, List<Tensor> leaves, int samples, long seed,
                             java.util.function.BiPredicate<Integer, Integer> exempt) {
        Generator g = new Generator(seed);
        for (Tensor t : leaves) {
            assertEquals(DType.FLOAT64, t.dtype(), what + ": gradcheck needs float64 leaves");
            assertTrue(t.isContiguous(), what + ": gradcheck needs contiguous leaves");
            t.zeroGrad();
        }
        Tensor out = f.get();
        Tensor r = g.normal(0, 1, out.shapeRef()).toDouble();
        out.mul(r).sum().backward();
        double eps = 1e-6;
        for (int li = 0; li < leaves.size(); li++) {
            Tensor t = leaves.get(li);
            assertNotNull(t.grad(), what + ": no gradient reached leaf " + li + " of shape " + Shapes.str(t.shapeRef()));
            double[] analytic = t.grad().toDoubleArray();
            double[] data = t.storage().doubles();
            int n = t.numel();
            for (int s = 0; s < Math.min(samples, n); s++) {
                int k = s == 0 ? 0 : s == 1 ? n - 1 : (int) g.nextLong(n);
                if (exempt.test(li, k)) continue;
                int at = t.offset() + k;
                double orig = data[at];
                double plus, minus;
                // grad mode stays on: f may itself differentiate (second-order checks)
                try {
                    data[at] = orig + eps;
                    plus = f.get().detach().mul(r).sum().item();
                    data[at] = orig - eps;
                    minus = f.get().detach().mul(r).sum().item();
                } finally {
                    data[at] = orig;
                }
                double numeric = (plus - minus) / (2 * eps);
                double tol = 1e-5 + 1e-4 * Math.abs(numeric);
                assertTrue(Math.abs(numeric - analytic[k]) <= tol, what + ": leaf " + li + " " + Shapes.str(t.shapeRef()) + " element " + k
                        + ": analytic " + analytic[k] + " vs numeric " + numeric);
            }
        }
    }
}
