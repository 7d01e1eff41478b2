package dev.nabla.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * General matrix multiply on row-major arrays:
 * {@code C = op(A)·op(B) + beta·C} where op(A) is m×k, op(B) is k×n, C is m×n.
 * Element (i, p) of A is {@code a[aOff + i*lda + p]} (or {@code a[aOff + p*lda + i]} when transA);
 * likewise B with {@code ldb}, and C element (i, j) is {@code c[cOff + i*ldc + j]}.
 *
 * <p>Three paths, chosen per call: tiny problems (the MLP-with-batch-1 case) run a direct loop
 * with no packing, threading or allocation; everything else goes to the packed, register-tiled
 * kernels ({@link SgemmPacked}, {@link DgemmPacked}), split over the {@link Parallel} pool when
 * the work is large enough to pay for a hand-off. {@code beta == 0} means C is written, never
 * read (NaNs in C are not propagated), as in BLAS.
 *
 * <pre>{@code
 * // C[2×2] = A[2×3] · B[3×2]
 * Gemm.sgemm(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
 * }</pre>
 */
public final class Gemm {
    private Gemm() {}

    /** Below this many multiply-adds the packed path's set-up costs more than it saves. */
    static final long DIRECT_MAX_WORK = 32 * 32 * 32;
    /** Below this many multiply-adds waking a second thread costs more than it saves. */
    static final long PARALLEL_MIN_WORK = 64L * 64 * 64;

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    /**
     * Single-precision GEMM. Arrays: {@code a}, {@code b} not modified; {@code c} modified
     * (only the m×n window). Multi-threaded over {@link Parallel} for large problems.
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) return;
        long work = (long) m * n * k;
        if (m == 1 || work <= DIRECT_MAX_WORK) {
            sgemmDirect(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (parallel(work) && sharedSplitM(m, n, k, transA, transB)) {
            // every M chunk needs all of B: pack it once, in parallel, and share it
            float[] pre = SgemmPacked.packShared(transB, k, n, b, bOff, ldb);
            int nPad = SgemmPacked.paddedN(n);
            packed(m, n, work, SgemmPacked.MR, SgemmPacked.NR, transA, false, true, (i0, i1, j0, j1) ->
                    SgemmPacked.block(transA, i0, i1, j0, j1, k, a, aOff, lda, false, null, 0, 0, pre, nPad, beta, c, cOff, ldc));
            return;
        }
        packed(m, n, work, SgemmPacked.MR, SgemmPacked.NR, transA, transB, false, (i0, i1, j0, j1) ->
                SgemmPacked.block(transA, transB, i0, i1, j0, j1, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
    }

    /**
     * op(B) of an {@link #sgemm} packed once into the kernel's panel layout, for a B that many
     * products share: a recurrent weight over all time steps, where repacking it per step cost as
     * much as a product with 32 rows of A. A snapshot: later writes to the source array are not seen.
     */
    public static final class PackedB {
        final float[] data;
        final int k, n;

        private PackedB(float[] data, int k, int n) {
            this.data = data;
            this.k = k;
            this.n = n;
        }

        /** Rows of op(B) (the product's inner dimension). */
        public int k() { return k; }

        /** Columns of op(B) (the product's n). */
        public int n() { return n; }
    }

    /**
     * Packs op(B), k×n, element (p, j) at {@code b[bOff + p*ldb + j]} (or {@code b[bOff + j*ldb + p]}
     * when transB). Array {@code b}: not modified.
     */
    public static PackedB packB(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        if (k < 0 || n < 0) throw new IllegalArgumentException("packB: k and n must be >= 0, got k=" + k + ", n=" + n);
        return new PackedB(SgemmPacked.packB(transB, k, n, b, bOff, ldb), k, n);
    }

    /**
     * {@code C = op(A)·B + beta·C} with B packed by {@link #packB}; otherwise the contract of
     * {@link #sgemm}. Arrays: {@code a} not modified, {@code c} modified (only the m×n window).
     */
    public static void sgemm(boolean transA, int m, int n, int k, float[] a, int aOff, int lda, PackedB b,
                             float beta, float[] c, int cOff, int ldc) {
        if (b.k != k || b.n != n)
            throw new IllegalArgumentException("sgemm: packed B is " + b.k + "x" + b.n + " but the product needs op(B) "
                    + k + "x" + n + " (m=" + m + ")");
        if (m <= 0 || n <= 0) return;
        int nPad = SgemmPacked.paddedN(n);
        packed(m, n, (long) m * n * k, SgemmPacked.MR, SgemmPacked.NR, transA, false, true, (i0, i1, j0, j1) ->
                SgemmPacked.block(transA, i0, i1, j0, j1, k, a, aOff, lda, false, null, 0, 0, b.data, nPad, beta, c, cOff, ldc));
    }

    /**
     * The definition of sgemm: a plain triple loop, accumulated in double per element. Slow;
     * the fast paths are tested against it.
     */
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

    /**
     * Double-precision GEMM (float64 tensors, gradcheck). Same contract as {@link #sgemm}.
     */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) return;
        long work = (long) m * n * k;
        if (m == 1 || work <= DIRECT_MAX_WORK) {
            dgemmDirect(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        packed(m, n, work, DgemmPacked.MR, DgemmPacked.NR, transA, transB, false, (i0, i1, j0, j1) ->
                DgemmPacked.block(transA, transB, i0, i1, j0, j1, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
    }

    /** The packed kernel applied to the block rows [i0, i1) × columns [j0, j1) of C. */
    @FunctionalInterface
    private interface Block {
        void run(int i0, int i1, int j0, int j1);
    }

    /**
     * Runs {@code block} over all of C (m×n, {@code work} multiply-adds, micro-tile mr×nr): in the
     * calling thread when small, else split into whole tiles over the pool. {@code block} is called
     * once per chunk, never per tile, so the indirection costs nothing measurable.
     */
    private static void packed(int m, int n, long work, int mr, int nr, boolean transA, boolean transB, boolean bPrepacked, Block block) {
        if (!parallel(work)) {
            block.run(0, m, 0, n);
            return;
        }
        int mt = (m + mr - 1) / mr, nt = (n + nr - 1) / nr;
        if (splitM(m, n, mr, nr, transA, transB, bPrepacked)) Parallel.forRange(mt, 1, (s, e) -> block.run(s * mr, Math.min(m, e * mr), 0, n));
        else Parallel.forRange(nt, 1, (s, e) -> block.run(0, m, s * nr, Math.min(n, e * nr)));
    }

    /** Whether a product of {@code work} multiply-adds is split over the pool. */
    private static boolean parallel(long work) {
        return work >= PARALLEL_MIN_WORK && Parallel.threads() > 1 && !Parallel.inRegion();
    }

    /**
     * Split C by rows (else by columns)? Each chunk packs its own copy of the operand it does not
     * split: M chunks pack B (k×n), N chunks pack A (m×k). With both splits wide enough for the
     * pool's chunks, copy the cheaper one; a transposed operand packs through 8×8 register
     * transposes, still slower than the row copies of a plain one, and a pre-packed B costs nothing to share.
     */
    private static boolean splitM(int m, int n, int mr, int nr, boolean transA, boolean transB, boolean bPrepacked) {
        int mt = (m + mr - 1) / mr, nt = (n + nr - 1) / nr, want = Parallel.threads() * Parallel.OVERSPLIT;
        if (mt >= want && nt >= want) return bPrepacked || (long) n * (transB ? 4 : 1) <= (long) m * (transA ? 4 : 1);
        return mt >= nt;
    }

    /** Largest whole-matrix packing of B (floats, 2 MiB) for which an sgemm prefers the row split. */
    static final long SHARED_B_MAX = 1L << 19;
    /** The old cost-based choice of split for sgemm; for A/B measurements only. */
    private static final boolean SPLIT_BY_COST = Boolean.getBoolean("nabla.gemm.splitByCost");

    /**
     * Split an sgemm by rows, with B packed once and shared ({@link SgemmPacked#packShared})? That
     * split packs nothing twice, where a column split makes every chunk pack all of A: with the
     * pool's 8 chunks on 2 threads, the mlp's x·W₂ᵀ (m=128, n=256, k=512) packed A once per 32-column
     * panel. Rows, then, when column chunks would be one panel each, there are enough row tiles and
     * B is small enough to stream from cache to every row chunk; else the cost-based {@link #splitM}.
     * With wider column chunks (n=512 in the mlp) the column split stayed as fast or ~9% faster on
     * two free cores: every row chunk reads all of the shared B, half of it packed by the other core.
     */
    private static boolean sharedSplitM(int m, int n, int k, boolean transA, boolean transB) {
        int mt = (m + SgemmPacked.MR - 1) / SgemmPacked.MR, nt = (n + SgemmPacked.NR - 1) / SgemmPacked.NR;
        int want = Parallel.threads() * Parallel.OVERSPLIT;
        if (!SPLIT_BY_COST && mt >= want && nt <= want && (long) k * SgemmPacked.paddedN(n) <= SHARED_B_MAX)
            return true;
        return splitM(m, n, SgemmPacked.MR, SgemmPacked.NR, transA, transB, false);
    }

    /**
     * Unpacked path for tiny shapes and m == 1: C row i is built as a sum of scaled rows of op(B)
     * (vectorized along n) or, when B is transposed, as dot products along k.
     */
    static void sgemmDirect(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        int aRow = transA ? 1 : lda, aCol = transA ? lda : 1;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc, ai = aOff + i * aRow;
            if (transB) {
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float s = aCol == 1 ? dot(a, ai, b, bj, k) : 0f;
                    if (aCol != 1) for (int p = 0; p < k; p++) s += a[ai + p * aCol] * b[bj + p];
                    c[ci + j] = beta == 0f ? s : s + beta * c[ci + j];
                }
            } else {
                if (beta == 0f) java.util.Arrays.fill(c, ci, ci + n, 0f);
                else if (beta != 1f) for (int j = 0; j < n; j++) c[ci + j] *= beta;
                for (int p = 0; p < k; p++) axpy(a[ai + p * aCol], b, bOff + p * ldb, c, ci, n);
            }
        }
    }

    private static void axpy(float s, float[] x, int xi, float[] y, int yi, int n) {
        int j = 0;
        if (n >= FS.length()) {
            FloatVector sv = FloatVector.broadcast(FS, s);
            for (int bound = FS.loopBound(n); j < bound; j += FS.length())
                sv.fma(FloatVector.fromArray(FS, x, xi + j), FloatVector.fromArray(FS, y, yi + j)).intoArray(y, yi + j);
        }
        for (; j < n; j++) y[yi + j] += s * x[xi + j];
    }

    private static float dot(float[] x, int xi, float[] y, int yi, int n) {
        int p = 0;
        float s = 0f;
        if (n >= FS.length()) {
            FloatVector acc = FloatVector.zero(FS);
            for (int bound = FS.loopBound(n); p < bound; p += FS.length())
                acc = FloatVector.fromArray(FS, x, xi + p).fma(FloatVector.fromArray(FS, y, yi + p), acc);
            s = VectorMath.sum(acc);
        }
        for (; p < n; p++) s += x[xi + p] * y[yi + p];
        return s;
    }

    // ---- GENERATED from sgemmDirect, axpy(float...) and dot(float...) above by substituting
    // float→double, Float→Double, FS→DS, 0f/1f→0.0/1.0. Edit the float versions and regenerate:
    // Java generics do not reach primitive arrays, and a shared boxed or Number path would slow the float one.

    /** Double twin of {@link #sgemmDirect}. */
    static void dgemmDirect(boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        int aRow = transA ? 1 : lda, aCol = transA ? lda : 1;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc, ai = aOff + i * aRow;
            if (transB) {
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    double s = aCol == 1 ? dot(a, ai, b, bj, k) : 0.0;
                    if (aCol != 1) for (int p = 0; p < k; p++) s += a[ai + p * aCol] * b[bj + p];
                    c[ci + j] = beta == 0.0 ? s : s + beta * c[ci + j];
                }
            } else {
                if (beta == 0.0) java.util.Arrays.fill(c, ci, ci + n, 0.0);
                else if (beta != 1.0) for (int j = 0; j < n; j++) c[ci + j] *= beta;
                for (int p = 0; p < k; p++) axpy(a[ai + p * aCol], b, bOff + p * ldb, c, ci, n);
            }
        }
    }

    private static void axpy(double s, double[] x, int xi, double[] y, int yi, int n) {
        int j = 0;
        if (n >= DS.length()) {
            DoubleVector sv = DoubleVector.broadcast(DS, s);
            for (int bound = DS.loopBound(n); j < bound; j += DS.length())
                sv.fma(DoubleVector.fromArray(DS, x, xi + j), DoubleVector.fromArray(DS, y, yi + j)).intoArray(y, yi + j);
        }
        for (; j < n; j++) y[yi + j] += s * x[xi + j];
    }

    private static double dot(double[] x, int xi, double[] y, int yi, int n) {
        int p = 0;
        double s = 0.0;
        if (n >= DS.length()) {
            DoubleVector acc = DoubleVector.zero(DS);
            for (int bound = DS.loopBound(n); p < bound; p += DS.length())
                acc = DoubleVector.fromArray(DS, x, xi + p).fma(DoubleVector.fromArray(DS, y, yi + p), acc);
            s = VectorMath.sum(acc);
        }
        for (; p < n; p++) s += x[xi + p] * y[yi + p];
        return s;
    }
}
