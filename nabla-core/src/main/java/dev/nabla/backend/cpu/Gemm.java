package dev.nabla.backend.cpu;

/**
 * General matrix multiply on row-major arrays:
 * {@code C = op(A)·op(B) + beta·C} where op(A) is m×k, op(B) is k×n, C is m×n.
 * Element (i, p) of A is {@code a[aOff + i*lda + p]} (or {@code a[aOff + p*lda + i]} when transA).
 *
 * <p>PLACEHOLDER: a simple reference kernel; the packed, register-tiled Vector API kernel replaces it.
 */
public final class Gemm {
    private Gemm() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        sgemmReference(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** The definition of sgemm: a plain triple loop, accumulated in double per element. */
    public static void sgemmReference(boolean transA, boolean transB, int m, int n, int k,
                                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                      float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += (double) av * bv;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = (float) (beta == 0 ? s : s + beta * c[ci]);
            }
    }

    /** Double-precision GEMM (used by float64 tensors, e.g. in gradcheck). */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += av * bv;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = beta == 0 ? s : s + beta * c[ci];
            }
    }
}
