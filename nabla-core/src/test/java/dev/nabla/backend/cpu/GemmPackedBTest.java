package dev.nabla.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * sgemm with a pre-packed B against the definition: shapes with edge tiles in M and N, several K
 * blocks (k > KC), both thread splits and the serial path inside a parallel region; both
 * orientations of B and of A, beta 0 / 1 / other, offsets and padded leading dims.
 */
class GemmPackedBTest {
    /** m, n, k: the LSTM's per-step shapes at test size, plus edges and two K blocks. */
    private static final int[][] SHAPES = {
            {1, 7, 5}, {8, 64, 16}, {17, 33, 7}, {16, 100, 20}, {40, 1023, 33}, {33, 17, 1030}, {200, 70, 600},
    };
    private static final float[] BETAS = {0f, 1f, 0.5f};

    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(savedThreads); }

    @Test
    void matchesReferenceOneThread() { check(1, false); }

    @Test
    void matchesReferenceTwoThreads() { check(2, false); }

    @Test
    void matchesReferenceInsideAParallelRegion() { check(2, true); }

    @Test
    void packingIsASnapshotOfB() {
        int m = 9, n = 40, k = 12;
        float[] a = GemmTest.randomFloats(m * k, 1), b = GemmTest.randomFloats(k * n, 2), c = new float[m * n], expected = new float[m * n];
        Gemm.PackedB pb = Gemm.packB(false, k, n, b, 0, n);
        Gemm.sgemmReference(false, false, m, n, k, a, 0, k, b, 0, n, 0f, expected, 0, n);
        java.util.Arrays.fill(b, 100f);
        Gemm.sgemm(false, m, n, k, a, 0, k, pb, 0f, c, 0, n);
        assertTrue(GemmTest.maxAbsDiff(expected, c) < 1e-4, "later writes to b must not reach the packed copy");
        assertEquals(k, pb.k());
        assertEquals(n, pb.n());
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        Gemm.PackedB pb = Gemm.packB(true, 6, 10, new float[60], 0, 6);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, 3, 10, 5, new float[15], 0, 5, pb, 0f, new float[30], 0, 10));
        assertTrue(e.getMessage().contains("6x10") && e.getMessage().contains("5x10"), e.getMessage());
    }

    private static void check(int threads, boolean insideRegion) {
        Parallel.setThreads(threads);
        List<String> failures = new ArrayList<>();
        int seed = 0;
        for (int[] s : SHAPES)
            for (int t = 0; t < 4; t++)
                for (float beta : BETAS) {
                    boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                    int m = s[0], n = s[1], k = s[2];
                    int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 5, ldc = n + 2;
                    int aOff = 5, bOff = 7, cOff = 3;
                    float[] a = GemmTest.randomFloats(aOff + (ta ? k : m) * lda, ++seed);
                    float[] b = GemmTest.randomFloats(bOff + (tb ? n : k) * ldb, ++seed);
                    float[] c = GemmTest.randomFloats(cOff + m * ldc, ++seed), expected = c.clone();
                    Gemm.PackedB pb = Gemm.packB(tb, k, n, b, bOff, ldb);
                    Runnable product = () -> Gemm.sgemm(ta, m, n, k, a, aOff, lda, pb, beta, c, cOff, ldc);
                    if (insideRegion) Parallel.forRange(2, 1, (s0, s1) -> { if (s0 == 0) product.run(); });
                    else product.run();
                    Gemm.sgemmReference(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
                    double tol = 1e-5 * (k + 8), err = GemmTest.maxAbsDiff(expected, c);
                    if (err > tol)
                        failures.add(String.format("m=%d n=%d k=%d transA=%b transB=%b beta=%s: max error %.3g > %.3g",
                                m, n, k, ta, tb, beta, err, tol));
                }
        if (!failures.isEmpty()) fail(threads + " thread(s), inside region " + insideRegion + ":\n" + String.join("\n", failures));
    }
}
