package dev.nabla.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * sgemm and dgemm against their definitions (a double-accumulated triple loop) on shapes that
 * hit every path: the direct path, edge tiles in M, N and K, several K blocks, both thread
 * splits; all transpose combinations, beta 0 / 1 / other, offsets and padded leading dims.
 */
class GemmTest {
    /** m, n, k triples: sizes 1, 7, 17, 33, 100, 1023 in mixed combinations. */
    private static final int[][] SHAPES = {
            {1, 1, 1}, {1, 7, 17}, {7, 1, 33}, {17, 33, 7}, {33, 17, 100}, {7, 100, 33},
            {100, 33, 17}, {33, 100, 1023}, {100, 7, 1023}, {17, 1023, 33}, {1023, 17, 7},
            {1, 1023, 100}, {100, 100, 100}, {33, 33, 1}, {100, 1, 100}, {1100, 33, 17},
            // row splits with a shared B where the column split used to win (ragged m, and k > KC)
            {130, 250, 40}, {72, 200, 600},
    };
    private static final float[] BETAS = {0f, 1f, 0.5f};

    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(savedThreads); }

    @Test
    void sgemmMatchesReferenceOneThread() { checkSgemm(1); }

    @Test
    void sgemmMatchesReferenceTwoThreads() { checkSgemm(2); }

    @Test
    void dgemmMatchesReferenceOneThread() { checkDgemm(1); }

    @Test
    void dgemmMatchesReferenceTwoThreads() { checkDgemm(2); }

    @Test
    void betaZeroIgnoresNaNInC() {
        int m = 40, n = 70, k = 50;
        float[] a = randomFloats(m * k, 1), b = randomFloats(k * n, 2), c = new float[m * n];
        java.util.Arrays.fill(c, Float.NaN);
        float[] expected = new float[m * n];
        Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
        Gemm.sgemmReference(false, false, m, n, k, a, 0, k, b, 0, n, 0f, expected, 0, n);
        for (int i = 0; i < c.length; i++) assertEquals(expected[i], c[i], 1e-4f * k, "element " + i);
    }

    @Test
    void leavesMemoryOutsideTheWindowAlone() {
        int m = 37, n = 45, k = 20, ldc = n + 9, cOff = 11;
        float[] a = randomFloats(m * k, 3), b = randomFloats(k * n, 4);
        float[] c = randomFloats(cOff + m * ldc + 13, 5), before = c.clone();
        Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, 1f, c, cOff, ldc);
        for (int i = 0; i < c.length; i++) {
            int rel = i - cOff;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!inside) assertEquals(before[i], c[i], 0f, "element " + i + " outside C's window changed");
        }
    }

    private static void checkSgemm(int threads) {
        Parallel.setThreads(threads);
        List<String> failures = new ArrayList<>();
        int seed = 0;
        for (int[] s : SHAPES)
            for (int t = 0; t < 4; t++)
                for (float beta : BETAS) {
                    boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                    int m = s[0], n = s[1], k = s[2];
                    // Offsets and leading dims strictly larger than the rows they hold.
                    int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 5, ldc = n + 2;
                    int aOff = 5, bOff = 7, cOff = 3;
                    float[] a = randomFloats(aOff + (ta ? k : m) * lda, ++seed);
                    float[] b = randomFloats(bOff + (tb ? n : k) * ldb, ++seed);
                    float[] c = randomFloats(cOff + m * ldc, ++seed), expected = c.clone();
                    Gemm.sgemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                    Gemm.sgemmReference(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
                    // Products of values in [-1, 1): float rounding grows ~ sqrt(k).
                    double tol = 1e-5 * (k + 8);
                    double err = maxAbsDiff(expected, c);
                    if (err > tol)
                        failures.add(String.format("sgemm m=%d n=%d k=%d transA=%b transB=%b beta=%s: max error %.3g > %.3g",
                                m, n, k, ta, tb, beta, err, tol));
                }
        if (!failures.isEmpty()) fail(threads + " thread(s):\n" + String.join("\n", failures));
    }

    private static void checkDgemm(int threads) {
        Parallel.setThreads(threads);
        List<String> failures = new ArrayList<>();
        int seed = 1000;
        for (int[] s : SHAPES)
            for (int t = 0; t < 4; t++)
                for (float beta : BETAS) {
                    boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                    int m = s[0], n = s[1], k = s[2];
                    int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 5, ldc = n + 2;
                    int aOff = 5, bOff = 7, cOff = 3;
                    double[] a = randomDoubles(aOff + (ta ? k : m) * lda, ++seed);
                    double[] b = randomDoubles(bOff + (tb ? n : k) * ldb, ++seed);
                    double[] c = randomDoubles(cOff + m * ldc, ++seed), expected = c.clone();
                    Gemm.dgemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                    dgemmReference(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
                    double tol = 1e-13 * (k + 8);
                    double err = maxAbsDiff(expected, c);
                    if (err > tol)
                        failures.add(String.format("dgemm m=%d n=%d k=%d transA=%b transB=%b beta=%s: max error %.3g > %.3g",
                                m, n, k, ta, tb, beta, err, tol));
                }
        if (!failures.isEmpty()) fail(threads + " thread(s):\n" + String.join("\n", failures));
    }

    private static void dgemmReference(boolean transA, boolean transB, int m, int n, int k,
                                       double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                       double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++)
                    s += (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p])
                            * (transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j]);
                int ci = cOff + i * ldc + j;
                c[ci] = beta == 0 ? s : s + beta * c[ci];
            }
    }

    /** Largest |x - y|; infinite when either holds a NaN. Shared by the GEMM and packing tests of this package. */
    static double maxAbsDiff(float[] x, float[] y) {
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs((double) x[i] - y[i]));
        return Double.isNaN(m) ? Double.POSITIVE_INFINITY : m;
    }

    private static double maxAbsDiff(double[] x, double[] y) {
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            double d = Math.abs(x[i] - y[i]);
            if (!(d <= m)) m = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
        }
        return m;
    }

    /** {@code len} values uniform in [-1, 1) from {@code seed}. Shared by the GEMM and packing tests of this package. */
    static float[] randomFloats(int len, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[len];
        for (int i = 0; i < len; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }

    private static double[] randomDoubles(int len, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[len];
        for (int i = 0; i < len; i++) v[i] = r.nextDouble() * 2 - 1;
        return v;
    }
}
