package dev.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The packed, cache-blocked, register-tiled float GEMM behind {@link Gemm#sgemm}.
 *
 * <p>Blocking (tuned on Zen 4: 32 KiB L1d, 1 MiB L2 per core, 32 MiB shared L3): an MC×KC block
 * of op(A) is packed (L3-resident) as MR-row slivers stored row by row with the constant stride
 * KC; a KC×NC block of op(B) is packed into panels NR columns wide (L2-resident); each sliver
 * (L1-resident) is swept across the B panels by an MR×NR micro-kernel whose accumulators live in
 * registers for the whole KC loop. With 512-bit vectors the tile is 8×32: 16 accumulators, two B
 * loads and eight A broadcasts per 16 FMAs, and no spills. The micro-kernel alone runs at
 * ~110-116 GFLOP/s on one core, the FMA peak. Transposes are absorbed by the packing routines
 * ({@link PackTranspose} for whole 8-row or 8-column groups). Edge tiles go through a
 * zero-padded temporary tile so the kernel has exactly one shape.
 */
final class SgemmPacked {
    private SgemmPacked() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = 8;
    static final int NR = 2 * L;
    static final int KC = 512;
    static final int NC = 256;
    static final int MC = 1024;
    /** Transposed operands packed by {@link PackTranspose}; the property is for A/B measurements only. */
    static final boolean FAST_T = PackTranspose.ENABLED && !Boolean.getBoolean("nabla.gemm.scalarTransposePack");

    /** Per-thread packing buffers: allocated once per thread, never per call. */
    private static final class Buffers {
        final float[] a = new float[MC * KC];
        final float[] b = new float[KC * NC];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /**
     * Computes rows [i0, i1) and columns [j0, j1) of C on the calling thread. C in that rectangle
     * must not be touched by anyone else meanwhile.
     */
    static void block(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        block(transA, i0, i1, j0, j1, k, a, aOff, lda, transB, b, bOff, ldb, null, 0, beta, c, cOff, ldc);
    }

    /**
     * As above, with op(B) either packed on the fly from {@code b} or, when {@code pre} is not
     * null, read from a whole-matrix packing made by {@link #packB} of {@code nPad} padded columns
     * ({@code b} then unused).
     */
    static void block(boolean transA, int i0, int i1, int j0, int j1, int k,
                      float[] a, int aOff, int lda, boolean transB, float[] b, int bOff, int ldb, float[] pre, int nPad,
                      float beta, float[] c, int cOff, int ldc) {
        if (beta != 0f && beta != 1f) scale(beta, i0, i1, j0, j1, c, cOff, ldc);
        Buffers buf = BUFFERS.get();
        float[] ap = buf.a, bp = buf.b, tile = buf.tile;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            // beta was applied by scale(), so only the very first K block may overwrite C.
            boolean overwrite = pc == 0 && beta == 0f;
            for (int ib = i0; ib < i1; ib += MC) {
                int mc = Math.min(MC, i1 - ib);
                // A is packed once per (K block, M block) and re-read from L3 for every N block;
                // re-packing it per N block straight from memory cost ~10% at n = 2048.
                for (int ic = 0; ic < mc; ic += MR) {
                    if (transA) packAT(a, aOff, lda, ib + ic, Math.min(MR, mc - ic), pc, kc, ap, ic * KC);
                    else packAN(a, aOff, lda, ib + ic, Math.min(MR, mc - ic), pc, kc, ap, ic * KC);
                }
                for (int jc = j0; jc < j1; jc += NC) {
                    int nc = Math.min(NC, j1 - jc);
                    float[] bs = bp;
                    int bBase = 0, panel = KC;
                    if (pre != null) { bs = pre; bBase = pc * nPad + jc * kc; panel = kc; }
                    else if (transB) packBT(b, bOff, ldb, pc, kc, jc, nc, bp, 0, KC);
                    else packBN(b, bOff, ldb, pc, kc, jc, nc, bp, 0, KC);
                    for (int ic = 0; ic < mc; ic += MR) {
                        int mr = Math.min(MR, mc - ic);
                        for (int jr = 0; jr < nc; jr += NR) {
                            int nr = Math.min(NR, nc - jr);
                            int ci = cOff + (ib + ic) * ldc + jc + jr;
                            kernel(ap, ic * KC, bs, bBase + jr * panel, kc, tile);
                            if (mr == MR && nr == NR) store(tile, c, ci, ldc, overwrite);
                            else edge(tile, mr, nr, c, ci, ldc, overwrite);
                        }
                    }
                }
            }
        }
    }

    /**
     * The MR×NR micro-kernel: tile[8×2L] = Ap[8×kc] · Bp[kc×2L]. Kept deliberately small so C2
     * compiles it whole (with the C update inlined it hit the node-count cutoff, boxed vectors and
     * ran at a quarter of the speed); accumulators are separate locals so they stay in registers.
     */
    static void kernel(float[] ap, int aBase, float[] bp, int bBase, int kc, float[] t) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00,
                c20 = c00, c21 = c00, c30 = c00, c31 = c00,
                c40 = c00, c41 = c00, c50 = c00, c51 = c00,
                c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bBase + p * NR, ai = aBase + p;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[ai]);          c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ai + KC]);     c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ai + 2 * KC]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ai + 3 * KC]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ai + 4 * KC]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ai + 5 * KC]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ai + 6 * KC]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ai + 7 * KC]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
        }
        c00.intoArray(t, 0);          c01.intoArray(t, L);
        c10.intoArray(t, NR);         c11.intoArray(t, NR + L);
        c20.intoArray(t, 2 * NR);     c21.intoArray(t, 2 * NR + L);
        c30.intoArray(t, 3 * NR);     c31.intoArray(t, 3 * NR + L);
        c40.intoArray(t, 4 * NR);     c41.intoArray(t, 4 * NR + L);
        c50.intoArray(t, 5 * NR);     c51.intoArray(t, 5 * NR + L);
        c60.intoArray(t, 6 * NR);     c61.intoArray(t, 6 * NR + L);
        c70.intoArray(t, 7 * NR);     c71.intoArray(t, 7 * NR + L);
    }

    /** Moves a full tile into C: a separate method so the kernel stays small enough to compile whole. */
    private static void store(float[] t, float[] c, int ci, int ldc, boolean overwrite) {
        for (int r = 0; r < MR; r++, ci += ldc) {
            FloatVector v0 = FloatVector.fromArray(S, t, r * NR), v1 = FloatVector.fromArray(S, t, r * NR + L);
            if (!overwrite) {
                v0 = v0.add(FloatVector.fromArray(S, c, ci));
                v1 = v1.add(FloatVector.fromArray(S, c, ci + L));
            }
            v0.intoArray(c, ci);
            v1.intoArray(c, ci + L);
        }
    }

    private static void edge(float[] tile, int mr, int nr, float[] c, int ci, int ldc, boolean overwrite) {
        for (int r = 0; r < mr; r++, ci += ldc) {
            int t = r * NR;
            if (overwrite) System.arraycopy(tile, t, c, ci, nr);
            else for (int j = 0; j < nr; j++) c[ci + j] += tile[t + j];
        }
    }

    /** Op(A) rows ic..ic+mr, depth pc..pc+kc from row-major A: plain row copies; missing rows are zero. */
    private static void packAN(float[] a, int aOff, int lda, int ic, int mr, int pc, int kc,
                               float[] ap, int dst) {
        for (int r = 0; r < MR; r++) {
            if (r < mr) System.arraycopy(a, aOff + (ic + r) * lda + pc, ap, dst + r * KC, kc);
            else java.util.Arrays.fill(ap, dst + r * KC, dst + r * KC + kc, 0f);
        }
    }

    /** Same sliver when A is stored transposed (op(A)[i][p] = a[p*lda + i]). */
    static void packAT(float[] a, int aOff, int lda, int ic, int mr, int pc, int kc,
                               float[] ap, int dst) {
        if (FAST_T && mr == MR) {
            PackTranspose.sliverA(a, aOff + pc * lda + ic, lda, kc, ap, dst, KC);
            return;
        }
        for (int r = mr; r < MR; r++) java.util.Arrays.fill(ap, dst + r * KC, dst + r * KC + kc, 0f);
        for (int p = 0; p < kc; p++) {
            int src = aOff + (pc + p) * lda + ic;
            for (int r = 0; r < mr; r++) ap[dst + r * KC + p] = a[src + r];
        }
    }

    /**
     * kc×nc block of row-major B into NR-wide panels, row by row; columns past n are zero. Panel
     * {@code jr / NR} starts at {@code base + jr * panel} ({@code panel} = KC for the per-call
     * buffer, kc in a whole-matrix packing).
     */
    private static void packBN(float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] bp, int base, int panel) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int dst = base + jr * panel;
            int src = bOff + pc * ldb + jc + jr;
            if (nr == NR) {
                for (int p = 0; p < kc; p++, src += ldb, dst += NR) {
                    FloatVector.fromArray(S, b, src).intoArray(bp, dst);
                    FloatVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
                }
            } else {
                for (int p = 0; p < kc; p++, src += ldb, dst += NR) {
                    System.arraycopy(b, src, bp, dst, nr);
                    java.util.Arrays.fill(bp, dst + nr, dst + NR, 0f);
                }
            }
        }
    }

    /** Same block when B is stored transposed (op(B)[p][j] = b[j*ldb + p]). */
    static void packBT(float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] bp, int dst, int panel) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = dst + jr * panel;
            int j = 0;
            // whole groups of 8 columns as 8x8 transposes; the rest (a panel's ragged edge) one by one
            // 16x16 blocks were ~25% faster than 8x8 at strides of 256 and 784 floats but 10-50% slower
            // at 1024-2048, where 16 rows share an L1 set (Zen 4, PackBench); neutral at 512
            if (FAST_T && PackTranspose.ENABLED_16 && ldb % 512 != 0)
                for (; j + 16 <= nr; j += 16) PackTranspose.columnsB16(b, bOff + (jc + jr + j) * ldb + pc, ldb, kc, bp, base + j, NR);
            if (FAST_T)
                for (; j + 8 <= nr; j += 8) PackTranspose.columnsB(b, bOff + (jc + jr + j) * ldb + pc, ldb, kc, bp, base + j, NR);
            for (; j < NR; j++) {
                if (j < nr) {
                    int src = bOff + (jc + jr + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) bp[base + p * NR + j] = b[src + p];
                } else {
                    for (int p = 0; p < kc; p++) bp[base + p * NR + j] = 0f;
                }
            }
        }
    }

    /** Columns of a whole-matrix packing: n rounded up to whole NR-wide panels. */
    static int paddedN(int n) { return (n + NR - 1) / NR * NR; }

    /**
     * Packs all of op(B) (k×n) once, for products that reuse it (a recurrent weight across time
     * steps): K block {@code pc} holds its kc rows for all panels at {@code pc * paddedN(n)},
     * panel {@code j / NR} of it at {@code + j * kc}, so {@link #block} reads it as if freshly packed.
     */
    static float[] packB(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        float[] out = new float[k * paddedN(n)];
        packColumns(transB, k, b, bOff, ldb, 0, n, out, paddedN(n));
        return out;
    }

    /** The calling thread's buffer for {@link #packShared}: grown, never shrunk, reused by its next products. */
    private static final ThreadLocal<float[][]> SHARED = ThreadLocal.withInitial(() -> new float[1][0]);

    /**
     * Packs all of op(B) as {@link #packB} does, split over the pool by panels, into a buffer of
     * the calling thread that stays valid until its next call. For a product split over M, where
     * every chunk would otherwise pack the same B again (8 times with the pool's chunks).
     */
    static float[] packShared(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        int nPad = paddedN(n);
        float[][] holder = SHARED.get();
        if (holder[0].length < k * nPad) holder[0] = new float[k * nPad];
        float[] out = holder[0];
        Parallel.forRange(nPad / NR, 1, (s, e) -> packColumns(transB, k, b, bOff, ldb, s * NR, Math.min(n, e * NR), out, nPad));
        return out;
    }

    /** Columns [j0, j1) of op(B) (j0 a multiple of NR), every K block, into a whole-matrix packing. */
    private static void packColumns(boolean transB, int k, float[] b, int bOff, int ldb, int j0, int j1, float[] out, int nPad) {
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc), dst = pc * nPad + j0 * kc;
            if (transB) packBT(b, bOff, ldb, pc, kc, j0, j1 - j0, out, dst, kc);
            else packBN(b, bOff, ldb, pc, kc, j0, j1 - j0, out, dst, kc);
        }
    }

    private static void scale(float beta, int i0, int i1, int j0, int j1, float[] c, int cOff, int ldc) {
        for (int i = i0; i < i1; i++) {
            int row = cOff + i * ldc;
            for (int j = j0; j < j1; j++) c[row + j] *= beta;
        }
    }
}
