package dev.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packing of a transposed operand for {@link SgemmPacked}, 8×8 blocks at a time: eight unit-stride
 * 8-float loads, a transpose in registers, eight unit-stride stores. Element by element, the
 * transposed pack of {@code x·Wᵀ} took ~11% of an MLP step; gathers along the stored rows were
 * fast at a stride of 784 floats but 1.5-5x slower at power-of-two strides, where the rows they
 * touch share a cache set and each line is evicted before its next element is used. Here every
 * load takes 32 contiguous bytes that are used at once, so the stride does not matter.
 *
 * <p>The transpose is three identical rounds of interleaves: pairing row t with row t+4, lane
 * i of the low half goes to lanes 2i, 2i+1 of the output, which rotates the 6-bit (row, column)
 * address left by one; three rotations swap row and column. Each interleave is one two-source
 * permute ({@code selectFrom(v1, v2)}), on any CPU with 256-bit vectors.
 */
final class PackTranspose {
    private PackTranspose() {}

    private static final VectorSpecies<Float> S8 = FloatVector.SPECIES_256;
    /** Lanes of the two-vector concatenation (a, b) giving a0 b0 a1 b1 a2 b2 a3 b3 / a4 b4 … a7 b7. */
    private static final FloatVector ZIP_LO = zip(0), ZIP_HI = zip(4);

    private static FloatVector zip(int from) {
        float[] idx = new float[8];
        for (int i = 0; i < 8; i++) idx[i] = from + i / 2 + (i % 2) * 8;
        return FloatVector.fromArray(S8, idx, 0);
    }

    /** Whether the 8×8 path can run (a 256-bit species that the JIT maps to registers). */
    static final boolean ENABLED = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;

    /**
     * d[q*ldd + r] = s[r*lds + q] for r, q in [0, 8), reading from {@code si} and writing from
     * {@code di}: an 8×8 block transposed. Array {@code s}: not modified.
     */
    static void block8(float[] s, int si, int lds, float[] d, int di, int ldd) {
        FloatVector r0 = FloatVector.fromArray(S8, s, si), r1 = FloatVector.fromArray(S8, s, si + lds),
                r2 = FloatVector.fromArray(S8, s, si + 2 * lds), r3 = FloatVector.fromArray(S8, s, si + 3 * lds),
                r4 = FloatVector.fromArray(S8, s, si + 4 * lds), r5 = FloatVector.fromArray(S8, s, si + 5 * lds),
                r6 = FloatVector.fromArray(S8, s, si + 6 * lds), r7 = FloatVector.fromArray(S8, s, si + 7 * lds);
        for (int round = 0; round < 3; round++) {
            FloatVector t0 = ZIP_LO.selectFrom(r0, r4), t1 = ZIP_HI.selectFrom(r0, r4),
                    t2 = ZIP_LO.selectFrom(r1, r5), t3 = ZIP_HI.selectFrom(r1, r5),
                    t4 = ZIP_LO.selectFrom(r2, r6), t5 = ZIP_HI.selectFrom(r2, r6),
                    t6 = ZIP_LO.selectFrom(r3, r7), t7 = ZIP_HI.selectFrom(r3, r7);
            r0 = t0; r1 = t1; r2 = t2; r3 = t3; r4 = t4; r5 = t5; r6 = t6; r7 = t7;
        }
        r0.intoArray(d, di);           r1.intoArray(d, di + ldd);
        r2.intoArray(d, di + 2 * ldd); r3.intoArray(d, di + 3 * ldd);
        r4.intoArray(d, di + 4 * ldd); r5.intoArray(d, di + 5 * ldd);
        r6.intoArray(d, di + 6 * ldd); r7.intoArray(d, di + 7 * ldd);
    }

    /**
     * An A sliver of exactly 8 rows from a transposed A: ap[dst + r*ldp + p] = a[src + p*lda + r]
     * for r in [0, 8), p in [0, kc). Array {@code a}: not modified.
     */
    static void sliverA(float[] a, int src, int lda, int kc, float[] ap, int dst, int ldp) {
        int p = 0;
        for (; p + 8 <= kc; p += 8) block8(a, src + p * lda, lda, ap, dst + p, ldp);
        for (; p < kc; p++)
            for (int r = 0; r < 8; r++) ap[dst + r * ldp + p] = a[src + p * lda + r];
    }

    /**
     * Eight columns of a B panel from a transposed B: bp[dst + p*nr + j] = b[src + j*ldb + p] for
     * j in [0, 8), p in [0, kc), where {@code nr} is the panel width. Array {@code b}: not modified.
     */
    static void columnsB(float[] b, int src, int ldb, int kc, float[] bp, int dst, int nr) {
        int p = 0;
        for (; p + 8 <= kc; p += 8) block8(b, src + p, ldb, bp, dst + p * nr, nr);
        for (; p < kc; p++)
            for (int j = 0; j < 8; j++) bp[dst + p * nr + j] = b[src + j * ldb + p];
    }

    /** Whether 512-bit vectors are native, so the 16×16 path is not emulated. */
    static final boolean ENABLED_16 = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    private static final VectorSpecies<Float> S16 = FloatVector.SPECIES_512;
    private static final FloatVector ZIP16_LO = zip16(0), ZIP16_HI = zip16(8);

    private static FloatVector zip16(int from) {
        float[] idx = new float[16];
        for (int i = 0; i < 16; i++) idx[i] = from + i / 2 + (i % 2) * 16;
        return FloatVector.fromArray(S16, idx, 0);
    }

    /** As {@link #block8} for a 16×16 block in 512-bit vectors: four rounds of the same interleaves. */
    static void block16(float[] s, int si, int lds, float[] d, int di, int ldd) {
        FloatVector r0 = FloatVector.fromArray(S16, s, si), r1 = FloatVector.fromArray(S16, s, si + lds),
                r2 = FloatVector.fromArray(S16, s, si + 2 * lds), r3 = FloatVector.fromArray(S16, s, si + 3 * lds),
                r4 = FloatVector.fromArray(S16, s, si + 4 * lds), r5 = FloatVector.fromArray(S16, s, si + 5 * lds),
                r6 = FloatVector.fromArray(S16, s, si + 6 * lds), r7 = FloatVector.fromArray(S16, s, si + 7 * lds),
                r8 = FloatVector.fromArray(S16, s, si + 8 * lds), r9 = FloatVector.fromArray(S16, s, si + 9 * lds),
                r10 = FloatVector.fromArray(S16, s, si + 10 * lds), r11 = FloatVector.fromArray(S16, s, si + 11 * lds),
                r12 = FloatVector.fromArray(S16, s, si + 12 * lds), r13 = FloatVector.fromArray(S16, s, si + 13 * lds),
                r14 = FloatVector.fromArray(S16, s, si + 14 * lds), r15 = FloatVector.fromArray(S16, s, si + 15 * lds);
        for (int round = 0; round < 4; round++) {
            FloatVector t0 = ZIP16_LO.selectFrom(r0, r8), t1 = ZIP16_HI.selectFrom(r0, r8),
                    t2 = ZIP16_LO.selectFrom(r1, r9), t3 = ZIP16_HI.selectFrom(r1, r9),
                    t4 = ZIP16_LO.selectFrom(r2, r10), t5 = ZIP16_HI.selectFrom(r2, r10),
                    t6 = ZIP16_LO.selectFrom(r3, r11), t7 = ZIP16_HI.selectFrom(r3, r11),
                    t8 = ZIP16_LO.selectFrom(r4, r12), t9 = ZIP16_HI.selectFrom(r4, r12),
                    t10 = ZIP16_LO.selectFrom(r5, r13), t11 = ZIP16_HI.selectFrom(r5, r13),
                    t12 = ZIP16_LO.selectFrom(r6, r14), t13 = ZIP16_HI.selectFrom(r6, r14),
                    t14 = ZIP16_LO.selectFrom(r7, r15), t15 = ZIP16_HI.selectFrom(r7, r15);
            r0 = t0; r1 = t1; r2 = t2; r3 = t3; r4 = t4; r5 = t5; r6 = t6; r7 = t7;
            r8 = t8; r9 = t9; r10 = t10; r11 = t11; r12 = t12; r13 = t13; r14 = t14; r15 = t15;
        }
        r0.intoArray(d, di);             r1.intoArray(d, di + ldd);
        r2.intoArray(d, di + 2 * ldd);   r3.intoArray(d, di + 3 * ldd);
        r4.intoArray(d, di + 4 * ldd);   r5.intoArray(d, di + 5 * ldd);
        r6.intoArray(d, di + 6 * ldd);   r7.intoArray(d, di + 7 * ldd);
        r8.intoArray(d, di + 8 * ldd);   r9.intoArray(d, di + 9 * ldd);
        r10.intoArray(d, di + 10 * ldd); r11.intoArray(d, di + 11 * ldd);
        r12.intoArray(d, di + 12 * ldd); r13.intoArray(d, di + 13 * ldd);
        r14.intoArray(d, di + 14 * ldd); r15.intoArray(d, di + 15 * ldd);
    }

    /** As {@link #columnsB} for 16 columns with 16×16 blocks. */
    static void columnsB16(float[] b, int src, int ldb, int kc, float[] bp, int dst, int nr) {
        int p = 0;
        for (; p + 16 <= kc; p += 16) block16(b, src + p, ldb, bp, dst + p * nr, nr);
        for (; p < kc; p++)
            for (int j = 0; j < 16; j++) bp[dst + p * nr + j] = b[src + j * ldb + p];
    }
}
