package dev.nabla.ops;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The one-line op test, in the spirit of tinygrad's {@code helper_test_op}: runs {@code op} on
 * float32 inputs (the SIMD / parallel fast paths) and on the same values widened to float64 (the
 * scalar reference path), and checks the two agree elementwise within {@code atol + rtol·|ref|}.
 */
final class OpCheck {
    private OpCheck() {}

    static final double RTOL = 1e-5, ATOL = 1e-6;

    /** Sizes that hit SIMD tails, one vector, several, and the parallel split (> 2^15 elements). */
    static final int[] AWKWARD = {1, 7, 17, 1023, 70000};

    /** {@code op(inputs)} in float32 agrees with {@code op(inputs.toDouble())}. */
    static Tensor check(String what, Function<Tensor[], Tensor> op, Tensor... inputs) {
        return check(what, RTOL, ATOL, op, inputs);
    }

    static Tensor check(String what, double rtol, double atol, Function<Tensor[], Tensor> op, Tensor... inputs) {
        Tensor fast = op.apply(inputs);
        Tensor[] wide = new Tensor[inputs.length];
        for (int k = 0; k < inputs.length; k++) wide[k] = inputs[k].dtype() == DType.FLOAT32 ? inputs[k].toDouble() : inputs[k];
        Tensor ref = op.apply(wide);
        assertClose(what, ref, fast, rtol, atol);
        return fast;
    }

    /** Same shape and, elementwise, |actual - expected| <= atol + rtol·|expected| (NaNs must match). */
    static void assertClose(String what, Tensor expected, Tensor actual, double rtol, double atol) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int k = 0; k < e.length; k++) {
            if (Double.isNaN(e[k]) || Double.isNaN(a[k])) {
                assertEquals(Double.isNaN(e[k]), Double.isNaN(a[k]), what + ": NaN mismatch at flat index " + k + " (" + e[k] + " vs " + a[k] + ")");
                continue;
            }
            if (e[k] == a[k]) continue;
            double err = Math.abs(a[k] - e[k]);
            if (!(err <= atol + rtol * Math.abs(e[k])))
                fail(what + ": at flat index " + k + " of shape " + Arrays.toString(expected.shape()) + " expected " + e[k] + " but got " + a[k]);
        }
    }

    /** Random float32 values in [lo, hi), reproducible from the seed. */
    static Tensor rand(long seed, double lo, double hi, int... shape) { return new Generator(seed).uniform(lo, hi, shape); }

    static Tensor randn(long seed, int... shape) { return new Generator(seed).normal(0, 1, shape); }

    /** A non-contiguous tensor of {@code shape}: the transpose of a random contiguous one. */
    static Tensor transposed(long seed, double lo, double hi, int rows, int cols) {
        return rand(seed, lo, hi, cols, rows).t();
    }

    /** A non-contiguous tensor of {@code [n]}: every other element of a random [2n] vector, backwards from the end. */
    static Tensor strided(long seed, double lo, double hi, int n) {
        Tensor full = rand(seed, lo, hi, 2 * n + 1);
        return full.slice(0, 1, 2 * n + 1, 2);
    }
}
