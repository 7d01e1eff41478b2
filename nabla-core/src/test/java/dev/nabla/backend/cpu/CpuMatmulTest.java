package dev.nabla.backend.cpu;

import dev.nabla.tensor.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The tiny-operand matmul path agrees with the reference GEMM for every layout, with a padded C. */
class CpuMatmulTest {
    @Test
    void smallSgemmMatchesTheReferenceForEveryLayout() {
        Generator g = new Generator(5);
        int m = 3, n = 5, k = 4, ldc = n + 2;
        for (boolean ta : new boolean[]{false, true})
            for (boolean tb : new boolean[]{false, true}) {
                float[] a = g.normal(0, 1, m * k).toFloatArray(), b = g.normal(0, 1, k * n).toFloatArray();
                int lda = ta ? m : k, ldb = tb ? k : n;
                float[] want = new float[m * ldc], got = new float[m * ldc];
                Gemm.sgemmReference(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, 0f, want, 0, ldc);
                CpuMatmul.smallSgemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, got, 0, ldc);
                assertArrayEquals(want, got, 1e-5f, "transA=" + ta + " transB=" + tb);
            }
    }
}
