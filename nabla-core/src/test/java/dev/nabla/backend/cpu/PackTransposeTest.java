package dev.nabla.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The 8×8 transposing pack: its pieces against their index definitions (exact copies, so exact
 * equality), and sgemm with transposed operands against the definition at sizes that leave
 * ragged 8-blocks in every dimension, power-of-two and odd leading dims, two K blocks, 1-2 threads.
 */
class PackTransposeTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(savedThreads); }

    @Test
    void block8TransposesAndTouchesNothingElse() {
        int lds = 13, ldd = 11, si = 3, di = 5;
        float[] s = GemmTest.randomFloats(si + 8 * lds, 1), d = GemmTest.randomFloats(di + 8 * ldd + 4, 2), expected = d.clone();
        for (int r = 0; r < 8; r++)
            for (int q = 0; q < 8; q++) expected[di + q * ldd + r] = s[si + r * lds + q];
        PackTranspose.block8(s, si, lds, d, di, ldd);
        assertArrayEquals(expected, d);
    }

    @Test
    void block16AndColumnsB16MatchDefinition() {
        int lds = 21, ldd = 19, si = 2, di = 1;
        float[] s = GemmTest.randomFloats(si + 16 * lds, 5), d = GemmTest.randomFloats(di + 16 * ldd, 6), expected = d.clone();
        for (int r = 0; r < 16; r++)
            for (int q = 0; q < 16; q++) expected[di + q * ldd + r] = s[si + r * lds + q];
        PackTranspose.block16(s, si, lds, d, di, ldd);
        assertArrayEquals(expected, d);
        for (int kc : new int[] {3, 16, 37}) {
            int ldb = 40, src = 3, nr = 32, dst = 16;
            float[] b = GemmTest.randomFloats(src + 16 * ldb, kc), bp = GemmTest.randomFloats(dst + kc * nr, -kc), exp = bp.clone();
            for (int j = 0; j < 16; j++)
                for (int p = 0; p < kc; p++) exp[dst + p * nr + j] = b[src + j * ldb + p];
            PackTranspose.columnsB16(b, src, ldb, kc, bp, dst, nr);
            assertArrayEquals(exp, bp, "kc=" + kc);
        }
    }

    @Test
    void sliverAMatchesDefinitionWithARaggedDepth() {
        for (int kc : new int[] {1, 7, 8, 21, 64}) {
            int lda = 19, src = 4, ldp = 70, dst = 2;
            float[] a = GemmTest.randomFloats(src + kc * lda, kc), ap = new float[dst + 8 * ldp], expected = ap.clone();
            for (int r = 0; r < 8; r++)
                for (int p = 0; p < kc; p++) expected[dst + r * ldp + p] = a[src + p * lda + r];
            PackTranspose.sliverA(a, src, lda, kc, ap, dst, ldp);
            assertArrayEquals(expected, ap, "kc=" + kc);
        }
    }

    @Test
    void columnsBMatchesDefinitionWithARaggedDepth() {
        for (int kc : new int[] {1, 9, 16, 30}) {
            int ldb = 32, src = 6, nr = 24, dst = 8;
            float[] b = GemmTest.randomFloats(src + 8 * ldb, kc), bp = GemmTest.randomFloats(dst + kc * nr, -kc), expected = bp.clone();
            for (int j = 0; j < 8; j++)
                for (int p = 0; p < kc; p++) expected[dst + p * nr + j] = b[src + j * ldb + p];
            PackTranspose.columnsB(b, src, ldb, kc, bp, dst, nr);
            assertArrayEquals(expected, bp, "kc=" + kc);
        }
    }

    @Test
    void transposedProductsMatchReferenceOneThread() { checkTransposed(1); }

    @Test
    void transposedProductsMatchReferenceTwoThreads() { checkTransposed(2); }

    @Test
    void prepackedTransposedBMatchesReference() {
        int m = 37, n = 45, k = 530, ldb = 536;
        float[] a = GemmTest.randomFloats(m * k, 3), b = GemmTest.randomFloats(n * ldb, 4), c = new float[m * n], expected = new float[m * n];
        Gemm.PackedB pb = Gemm.packB(true, k, n, b, 0, ldb);
        Gemm.sgemm(false, m, n, k, a, 0, k, pb, 0f, c, 0, n);
        Gemm.sgemmReference(false, true, m, n, k, a, 0, k, b, 0, ldb, 0f, expected, 0, n);
        assertEquals(0, GemmTest.maxAbsDiff(expected, c), 1e-5 * (k + 8));
    }

    private static void checkTransposed(int threads) {
        Parallel.setThreads(threads);
        // m, n, k, extra leading-dim padding: 0 keeps power-of-two strides where the sizes are
        int[][] shapes = {{9, 17, 13, 3}, {64, 64, 64, 0}, {33, 40, 31, 1}, {128, 70, 256, 0}, {41, 48, 520, 5}, {130, 33, 600, 0}};
        List<String> failures = new ArrayList<>();
        int seed = 10;
        for (int[] s : shapes)
            for (int t = 1; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                int m = s[0], n = s[1], k = s[2], pad = s[3];
                int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + 1, aOff = 2, bOff = 1, cOff = 3;
                float[] a = GemmTest.randomFloats(aOff + (ta ? k : m) * lda, ++seed), b = GemmTest.randomFloats(bOff + (tb ? n : k) * ldb, ++seed);
                float[] c = GemmTest.randomFloats(cOff + m * ldc, ++seed), expected = c.clone();
                Gemm.sgemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, 0.5f, c, cOff, ldc);
                Gemm.sgemmReference(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, 0.5f, expected, cOff, ldc);
                double tol = 1e-5 * (k + 8), err = GemmTest.maxAbsDiff(expected, c);
                if (err > tol)
                    failures.add(String.format("m=%d n=%d k=%d lda=%d ldb=%d transA=%b transB=%b: max error %.3g > %.3g",
                            m, n, k, lda, ldb, ta, tb, err, tol));
            }
        if (!failures.isEmpty()) fail(threads + " thread(s):\n" + String.join("\n", failures));
    }
}
