package dev.nabla.ops;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.nabla.ops.OpCheck.*;
import static org.junit.jupiter.api.Assertions.*;

/** Reductions, cumsum and (log-)softmax: float32 against the float64 reference over many dim sets. */
class ReduceTest {
    /** Dim sets for a rank-3 tensor: single dims (also negative), pairs, all, and null (= all). */
    static final List<int[]> DIMS = Arrays.asList(new int[]{0}, new int[]{1}, new int[]{2}, new int[]{-1}, new int[]{0, 2},
            new int[]{1, 2}, new int[]{0, 1}, new int[]{2, 0}, new int[]{0, 1, 2}, null);

    /** A few inputs: contiguous, a permuted view, and a wide one that crosses the parallel threshold. */
    static List<Tensor> inputs(double lo, double hi) {
        return List.of(rand(1, lo, hi, 3, 5, 7), rand(2, lo, hi, 7, 3, 5).permute(1, 2, 0), rand(3, lo, hi, 2, 257, 67),
                rand(4, lo, hi, 1, 17, 1));
    }

    /** A reduction under test: (input, dims or null, keepdim) -> result. */
    interface Reduction { Tensor apply(Tensor x, int[] dims, boolean keepdim); }

    static void eachDimSet(String name, double lo, double hi, double rtol, double atol, Reduction f) {
        for (Tensor x : inputs(lo, hi))
            for (int[] dims : DIMS)
                for (boolean keep : new boolean[]{false, true}) {
                    String what = name + " " + Arrays.toString(x.shape()) + " dims=" + Arrays.toString(dims) + " keepdim=" + keep;
                    Tensor r = check(what, rtol, atol, in -> f.apply(in[0], dims, keep), x);
                    int[] expected = Reduce.reducedShape(x.shape(), Reduce.normDims("t", dims, 3), keep);
                    assertArrayEquals(expected, r.shape(), what);
                }
    }

    @Test
    void sumMeanProdOverDimSets() {
        eachDimSet("sum", -1, 1, 1e-5, 2e-5, (x, d, k) -> x.sum(d, k));
        eachDimSet("mean", -1, 1, 1e-5, 1e-6, (x, d, k) -> x.mean(d, k));
        eachDimSet("prod", 0.999, 1.001, 1e-5, 1e-6, (x, d, k) -> x.prod(d, k));
    }

    @Test
    void extremesAndArgmax() {
        eachDimSet("amax", -1, 1, 0, 0, (x, d, k) -> x.amax(d, k));
        eachDimSet("amin", -1, 1, 0, 0, (x, d, k) -> x.amin(d, k));
        for (Tensor x : inputs(-1, 1))
            for (int d = -3; d < 3; d++) {
                final int dim = d;
                check("argmax dim " + d, 0, 0, in -> in[0].argmax(dim, false), x);
                check("argmin dim " + d, 0, 0, in -> in[0].argmin(dim, true), x);
                check("max values dim " + d, 0, 0, in -> in[0].max(dim, false).values(), x);
            }
        Tensor x = Tensor.of(3f, 7f, 7f, 1f);
        assertEquals(1, x.argmax().item(), "first of tied maxima");
        assertEquals(DType.INT64, x.argmax().dtype());
    }

    @Test
    void varStdLogsumexpNorm() {
        eachDimSet("var", -1, 1, 1e-4, 1e-6, (x, d, k) -> x.var(d, 1, k));
        eachDimSet("var0", -1, 1, 1e-4, 1e-6, (x, d, k) -> x.var(d, 0, k));
        eachDimSet("std", -1, 1, 1e-4, 1e-6, (x, d, k) -> x.std(d, 1, k));
        eachDimSet("logsumexp", -10, 10, 1e-5, 1e-5, (x, d, k) -> x.logsumexp(d, k));
        for (double p : new double[]{1, 2, 3, Double.POSITIVE_INFINITY})
            eachDimSet("norm" + p, -1, 1, 1e-5, 1e-5, (x, d, k) -> x.norm(p, d, k));
        // independent check of the definitions on a tiny tensor
        Tensor t = Tensor.of(1f, 2f, 3f, 4f);
        assertEquals(5.0 / 3, t.var().item(), 1e-6);
        assertEquals(1.25, t.var(null, 0, false).item(), 1e-6);
        assertEquals(Math.sqrt(30), t.norm().item(), 1e-5);
        assertEquals(Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3) + Math.exp(4)), t.logsumexp(null, false).item(), 1e-5);
    }

    @Test
    void allAnyOverDimSets() {
        for (Tensor x : inputs(-1, 1)) {
            Tensor b = x.gt(-0.8);
            for (int[] dims : DIMS) {
                Tensor all = b.all(dims, false), any = x.gt(0.95).any(dims, true);
                assertEquals(DType.BOOL, all.dtype());
                // reference: all = (sum of not b) == 0
                Tensor notCount = b.logicalNot().to(DType.INT64).sum(dims, false);
                assertArrayEquals(notCount.eq(0).toBoolArray(), all.toBoolArray());
                assertArrayEquals(x.gt(0.95).to(DType.INT64).sum(dims, true).gt(0).toBoolArray(), any.toBoolArray());
            }
        }
    }

    @Test
    void cumsumMatchesARunningSum() {
        for (Tensor x : inputs(-1, 1))
            for (int d = -3; d < 3; d++) {
                final int dim = d;
                check("cumsum dim " + d, 1e-5, 2e-5, in -> in[0].cumsum(dim), x);
            }
        assertArrayEquals(new float[]{1, 3, 6, 4, 9, 15}, Tensor.arange(1, 7, 1).reshape(2, 3).cumsum(1).toFloatArray());
        assertArrayEquals(new long[]{1, 3, 6}, Tensor.of(new long[]{1, 2, 3}, 3).cumsum(0).toLongArray());
    }

    @Test
    void softmaxAndLogSoftmaxOverEveryDim() {
        for (Tensor x : inputs(-5, 5))
            for (int d = -3; d < 3; d++) {
                final int dim = d;
                Tensor s = check("softmax dim " + d, in -> in[0].softmax(dim), x);
                check("log_softmax dim " + d, in -> in[0].logSoftmax(dim), x);
                assertClose("softmax sums to 1", Tensor.onesLike(s.sum(new int[]{d}, false)), s.sum(new int[]{d}, false), 1e-5, 1e-5);
            }
        check("softmax long row", in -> in[0].softmax(-1), rand(7, -5, 5, 2, 70000));
    }

    @Test
    void logSoftmaxStaysAccurateForLargeLogits() {
        // bug fixed: the float kernel rounded m + log(sum) to float before subtracting, an error of
        // ~1e-6 absolute for logits near 20 even in outputs near 0 (0.49 of the reference tolerance)
        Tensor x = rand(11, 15, 25, 4, 9);
        check("log_softmax large logits", 1e-6, 1e-7, in -> in[0].logSoftmax(1), x);
        Tensor neg = Tensor.of(-1000f, 0f, 1000f);
        float[] ls = neg.logSoftmax(0).toFloatArray();
        assertEquals(0f, ls[2]);
        assertEquals(-1000f, ls[1]);
        assertArrayEquals(new float[]{0, 0, 1}, neg.softmax(0).toFloatArray());
    }
}
