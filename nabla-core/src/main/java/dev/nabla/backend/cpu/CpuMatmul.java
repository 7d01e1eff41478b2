package dev.nabla.backend.cpu;

import dev.nabla.tensor.Storage;

import java.util.Arrays;

/**
 * Batched GEMM of {@link CpuBackend}: float32 goes to {@link Gemm#sgemm} (tiny products to a plain
 * loop, whose cost the blocked GEMM's setup would exceed), float64 to {@link Gemm#dgemm}, integers
 * to a scalar loop. Batches run in parallel when each product is too small to use the threads itself.
 */
final class CpuMatmul {
    private CpuMatmul() {}

    /** Products up to this many multiply-adds skip the blocked GEMM, whose setup would dominate. */
    static final int SMALL_GEMM = 8192;

    static void gemm(int[] batch, int m, int n, int k,
                     Storage a, int aOff, int[] aBatchSt, boolean ta, int lda,
                     Storage b, int bOff, int[] bBatchSt, boolean tb, int ldb,
                     Storage c, int cOff, int ldc) {
        if (batch.length == 0) {   // a plain matrix product: no batch walk
            one(a, ta, lda, aOff, b, tb, ldb, bOff, c, cOff, ldc, m, n, k);
            return;
        }
        int batches = 1;
        for (int s : batch) batches *= s;
        long flopsEach = 2L * m * n * k;
        // Many mid-sized products (attention: 64 of 128x128x64) split over batches with a serial GEMM
        // each: handing every product's blocks to the threads cost ~20% of a transformer step.
        int grain = flopsEach < (1 << 20) ? Math.max(1, (int) ((1 << 20) / Math.max(flopsEach, 1)))
                : flopsEach <= (1L << 25) && batches >= 2 * Parallel.threads() ? 1 : batches + 1;
        Parallel.forRange(batches, grain, (s, e) -> {
            for (int bi = s; bi < e; bi++) {
                int ao = aOff, bo = bOff, rem = bi;
                for (int d = batch.length - 1; d >= 0; d--) {
                    int idx = rem % batch[d];
                    rem /= batch[d];
                    ao += idx * aBatchSt[d];
                    bo += idx * bBatchSt[d];
                }
                one(a, ta, lda, ao, b, tb, ldb, bo, c, cOff + bi * m * ldc, ldc, m, n, k);
            }
        });
    }

    private static void one(Storage a, boolean ta, int lda, int ao, Storage b, boolean tb, int ldb, int bo,
                            Storage c, int co, int ldc, int m, int n, int k) {
        switch (c.dtype()) {
            case FLOAT32 -> {
                if ((long) m * n * k <= SMALL_GEMM) smallSgemm(ta, tb, m, n, k, a.floats(), ao, lda, b.floats(), bo, ldb, c.floats(), co, ldc);
                else Gemm.sgemm(ta, tb, m, n, k, a.floats(), ao, lda, b.floats(), bo, ldb, 0f, c.floats(), co, ldc);
            }
            case FLOAT64 -> Gemm.dgemm(ta, tb, m, n, k, a.doubles(), ao, lda, b.doubles(), bo, ldb, 0, c.doubles(), co, ldc);
            default -> {
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++) {
                        long s = 0;
                        for (int p = 0; p < k; p++)
                            s += a.getLong(ao + (ta ? p * lda + i : i * lda + p)) * b.getLong(bo + (tb ? j * ldb + p : p * ldb + j));
                        c.setLong(co + i * ldc + j, s);
                    }
            }
        }
    }

    /** {@code C = op(A)·op(B)} for tiny operands (C row-major with leading dimension ldc), loops ordered for unit strides. */
    static void smallSgemm(boolean ta, boolean tb, int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                           float[] c, int co, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = co + i * ldc;
            if (tb && !ta) {   // rows of A against rows of B: dot products
                int ai = ao + i * lda;
                for (int j = 0; j < n; j++) {
                    int bj = bo + j * ldb;
                    float s = 0;
                    for (int p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
                    c[ci + j] = s;
                }
                continue;
            }
            Arrays.fill(c, ci, ci + n, 0f);
            for (int p = 0; p < k; p++) {
                float av = ta ? a[ao + p * lda + i] : a[ao + i * lda + p];
                if (tb) for (int j = 0; j < n; j++) c[ci + j] += av * b[bo + j * ldb + p];
                else {
                    int bp = bo + p * ldb;
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
                }
            }
        }
    }
}
