package dev.nabla.ops;

import dev.nabla.backend.cpu.Gemm;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The tiny-operand matmul path agrees with the reference GEMM, and transposed-operand gradients with float64. */
class SmallMatmulTest {
    @Test
    void smallSgemmMatchesTheReferenceForEveryLayout() {
        Generator g = new Generator(5);
        int m = 3, n = 5, k = 4;
        for (boolean ta : new boolean[]{false, true})
            for (boolean tb : new boolean[]{false, true}) {
                float[] a = g.normal(0, 1, m * k).toFloatArray(), b = g.normal(0, 1, k * n).toFloatArray();
                int lda = ta ? m : k, ldb = tb ? k : n;
                float[] want = new float[m * n], got = new float[m * n];
                Gemm.sgemmReference(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, 0f, want, 0, n);
                LinAlg.smallSgemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, got, 0);
                assertArrayEquals(want, got, 1e-5f, "transA=" + ta + " transB=" + tb);
            }
    }

    @Test
    void linearLayerGradientsInFloat32MatchFloat64AndAreContiguous() {
        Generator g = new Generator(6);
        Tensor x = g.normal(0, 1, 2, 4), w = g.normal(0, 1, 3, 4).requiresGrad(true);
        Tensor x64 = x.to(DType.FLOAT64), w64 = w.detach().to(DType.FLOAT64).requiresGrad(true);
        x.matmul(w.t()).tanh().sum().backward();
        x64.matmul(w64.t()).tanh().sum().backward();
        assertTrue(w.grad().isContiguous(), "the weight gradient is computed transposed, so it lands contiguous");
        double[] a = w.grad().toDoubleArray(), b = w64.grad().toDoubleArray();
        for (int i = 0; i < a.length; i++) assertEquals(b[i], a[i], 1e-5);
    }
}
