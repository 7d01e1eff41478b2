package dev.nabla.nn.functional;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A direct (no im2col, no GEMM) forward and weight gradient for 2-D convolutions with few column rows and
 * narrow outputs: the MNIST CNN's first layer (1 channel, 5×5, 28-wide output rows). As a GEMM
 * its K = 25 wastes a quarter of the 8-row tiles, and the product needs gy transposed, which the
 * GEMM packs scalar by scalar: 26 GFLOP/s against ~100 for the CNN's second conv.
 *
 * <p>Forward: each output row is two vectors of positions; 8 out channels × those 2 vectors are 16
 * accumulators over all taps, each tap two loads from the padded image and 8 weight broadcasts.
 * Rows are stored straight into y with whole vectors (a scratch plane and a copy-out cost more than the
 * multiply-adds: y is 12.8 MB for the CNN's batch and the extra pass went to memory and back).
 *
 * <p>Weight gradient: each output row is one or two vectors of positions. gy is copied per image into rows
 * padded with zeros to whole vectors, so the lanes past the row multiply whatever the padded
 * input holds there by 0. Blocks of 4 out channels × 4 taps keep 16 accumulators in registers over
 * all rows of an image; each accumulator is a vector of per-lane partial sums, reduced once per
 * call. A non-finite input cell next to a row's end may reach taps that a GEMM would not multiply it
 * by (0 × ∞ is NaN), so such inputs can spread NaN further in the weight gradient; finite inputs are exact.
 */
final class ConvDirect {
    private ConvDirect() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int VL = F.length();
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);

    /** Whether {@link #weightGrad} handles this geometry: 2-D, stride and dilation 1, at most 64 column rows, rows of at most two vectors. */
    static boolean applies(ConvGeometry g) {
        int[] st = g.stride(), dl = g.dil();
        return g.in()[0] == 1 && g.k()[0] == 1 && g.pad()[0] == 0 && st[0] == 1 && st[1] == 1 && st[2] == 1
                && dl[0] == 1 && dl[1] == 1 && dl[2] == 1 && !g.pointwise()
                && g.cg() * g.kernelVolume() <= 64 && g.out()[2] <= 2 * VL;
    }

    /** Whether {@link #forward} handles this geometry: as {@link #applies}, with out channels per group a multiple of 8. */
    static boolean appliesForward(ConvGeometry g) {
        return applies(g) && g.cog() % 8 == 0;
    }

    /** y of images [n0, n1), every group, = conv(x, w) + bias (bias may be null); those images' y written fully. x, w, bias: not modified. */
    static void forward(ConvGeometry g, float[] x, int xo, float[] w, int wo, float[] bias, int bo, float[] y, int n0, int n1) {
        int[] in = g.in(), k = g.k(), out = g.out(), pd = g.pad();
        int cg = g.cg(), cog = g.cog(), kv = g.kernelVolume(), kk = cg * kv, s = g.inVolume(), p = g.outVolume();
        int oh = out[1], ow = out[2], rowW = 2 * VL;
        int hp = in[1] + 2 * pd[1], wp = in[2] + 2 * pd[2], sp = hp * wp;
        int[] taps = new int[kk];
        for (int t = 0; t < kk; t++) taps[t] = t / kv * sp + (t % kv) / k[2] * wp + t % k[2];
        float[] pad = scratch(0, cg * sp + 2 * VL);   // slack: the last row's second vector reads past the image
        float[] rows = scratch(1, 8 * rowW);
        java.util.Arrays.fill(pad, 0, cg * sp + 2 * VL, 0f);   // the border stays 0, the interior is overwritten per image
        for (int n = n0; n < n1; n++)
            for (int gr = 0; gr < g.groups(); gr++) {
                int xOff = xo + (n * g.c() + gr * cg) * s;
                for (int c = 0; c < cg; c++)
                    for (int h = 0; h < in[1]; h++)
                        System.arraycopy(x, xOff + c * s + h * in[2], pad, c * sp + (h + pd[1]) * wp + pd[2], in[2]);
                // rows straight into y as two whole vectors each, the second running into the rows after it, which
                // are written later; the last rows of a plane, whose vectors would reach the next plane (already
                // written, or another thread's image), through a scratch row
                int yOff = (n * g.co() + gr * cog) * p;
                for (int o0 = 0; o0 < cog; o0 += 8) {
                    int wb = wo + (gr * cog + o0) * kk, bb = bias == null ? 0 : bo + gr * cog + o0;
                    for (int r = 0; r < oh; r++) {
                        int at = yOff + o0 * p + r * ow;
                        if (r * ow + 2 * VL <= p) {
                            rowOf8(pad, r * wp, taps, w, wb, kk, bias, bb, y, at, p);
                        } else {
                            rowOf8(pad, r * wp, taps, w, wb, kk, bias, bb, rows, 0, rowW);
                            for (int o = 0; o < 8; o++) System.arraycopy(rows, o * rowW, y, at + o * p, ow);
                        }
                    }
                }
            }
    }

    /** One output row (two vectors) of 8 out channels from w rows {@code wb, wb+kk, ...}, into {@code out} at {@code ob + i·plane}. */
    private static void rowOf8(float[] pad, int xr, int[] taps, float[] w, int wb, int kk, float[] bias, int bb, float[] out, int ob, int plane) {
        FloatVector c00 = FloatVector.zero(F), c10 = c00, c20 = c00, c30 = c00, c40 = c00, c50 = c00, c60 = c00, c70 = c00;
        if (bias != null) {
            c00 = FloatVector.broadcast(F, bias[bb]);     c10 = FloatVector.broadcast(F, bias[bb + 1]);
            c20 = FloatVector.broadcast(F, bias[bb + 2]); c30 = FloatVector.broadcast(F, bias[bb + 3]);
            c40 = FloatVector.broadcast(F, bias[bb + 4]); c50 = FloatVector.broadcast(F, bias[bb + 5]);
            c60 = FloatVector.broadcast(F, bias[bb + 6]); c70 = FloatVector.broadcast(F, bias[bb + 7]);
        }
        FloatVector c01 = c00, c11 = c10, c21 = c20, c31 = c30, c41 = c40, c51 = c50, c61 = c60, c71 = c70;
        for (int t = 0; t < kk; t++) {
            int xi = xr + taps[t], wi = wb + t;
            FloatVector x0 = FloatVector.fromArray(F, pad, xi), x1 = FloatVector.fromArray(F, pad, xi + VL), v;
            v = FloatVector.broadcast(F, w[wi]);          c00 = v.fma(x0, c00); c01 = v.fma(x1, c01);
            v = FloatVector.broadcast(F, w[wi + kk]);     c10 = v.fma(x0, c10); c11 = v.fma(x1, c11);
            v = FloatVector.broadcast(F, w[wi + 2 * kk]); c20 = v.fma(x0, c20); c21 = v.fma(x1, c21);
            v = FloatVector.broadcast(F, w[wi + 3 * kk]); c30 = v.fma(x0, c30); c31 = v.fma(x1, c31);
            v = FloatVector.broadcast(F, w[wi + 4 * kk]); c40 = v.fma(x0, c40); c41 = v.fma(x1, c41);
            v = FloatVector.broadcast(F, w[wi + 5 * kk]); c50 = v.fma(x0, c50); c51 = v.fma(x1, c51);
            v = FloatVector.broadcast(F, w[wi + 6 * kk]); c60 = v.fma(x0, c60); c61 = v.fma(x1, c61);
            v = FloatVector.broadcast(F, w[wi + 7 * kk]); c70 = v.fma(x0, c70); c71 = v.fma(x1, c71);
        }
        c00.intoArray(out, ob);             c01.intoArray(out, ob + VL);
        c10.intoArray(out, ob + plane);     c11.intoArray(out, ob + plane + VL);
        c20.intoArray(out, ob + 2 * plane); c21.intoArray(out, ob + 2 * plane + VL);
        c30.intoArray(out, ob + 3 * plane); c31.intoArray(out, ob + 3 * plane + VL);
        c40.intoArray(out, ob + 4 * plane); c41.intoArray(out, ob + 4 * plane + VL);
        c50.intoArray(out, ob + 5 * plane); c51.intoArray(out, ob + 5 * plane + VL);
        c60.intoArray(out, ob + 6 * plane); c61.intoArray(out, ob + 6 * plane + VL);
        c70.intoArray(out, ob + 7 * plane); c71.intoArray(out, ob + 7 * plane + VL);
    }

    private static float[] scratch(int which, int size) {
        float[][] s = SCRATCH.get();
        if (s[which].length < size) s[which] = new float[size];
        return s[which];
    }

    /**
     * Adds the weight gradient of images [n0, n1), every group, into {@code localT} (per group
     * {@code [kk, cog]}, as {@link ConvKernels#weightGrad} merges it). Arrays {@code x}, {@code gy}: not modified.
     */
    static void weightGrad(ConvGeometry g, float[] x, int xo, float[] gy, int gyo, int n0, int n1, float[] localT) {
        int[] in = g.in(), k = g.k(), out = g.out(), pd = g.pad();
        int cg = g.cg(), cog = g.cog(), kv = g.kernelVolume(), kk = cg * kv, s = g.inVolume(), p = g.outVolume();
        int oh = out[1], ow = out[2], nv = (ow + VL - 1) / VL, rowW = nv * VL;
        int hp = in[1] + 2 * pd[1], wp = in[2] + 2 * pd[2], sp = hp * wp;
        int[] taps = new int[kk];
        for (int t = 0; t < kk; t++) taps[t] = t / kv * sp + (t % kv) / k[2] * wp + t % k[2];
        // the padded image, with two vectors of slack: the last row's second vector reads past it
        float[] pad = scratch(0, cg * sp + 2 * VL);
        float[] gyp = scratch(1, cog * oh * rowW);
        float[] acc = scratch(2, cog * kk * VL);
        VectorMask<Float> dead = F.indexInRange(0, ow - (nv - 1) * VL).not();   // the last vector's lanes past the row
        for (int gr = 0; gr < g.groups(); gr++) {
            java.util.Arrays.fill(acc, 0, cog * kk * VL, 0f);
            java.util.Arrays.fill(pad, 0, cg * sp + 2 * VL, 0f);
            for (int n = n0; n < n1; n++) {
                int xOff = xo + (n * g.c() + gr * cg) * s, gyOff = gyo + (n * g.co() + gr * cog) * p;
                for (int c = 0; c < cg; c++)
                    for (int h = 0; h < in[1]; h++)
                        System.arraycopy(x, xOff + c * s + h * in[2], pad, c * sp + (h + pd[1]) * wp + pd[2], in[2]);
                copyRows(gy, gyOff, cog * oh, ow, gyp, rowW, dead);
                for (int o0 = 0; o0 < cog; o0 += 4)
                    for (int t0 = 0; t0 < kk; t0 += 4) {
                        if (o0 + 4 <= cog && t0 + 4 <= kk) block4x4(pad, gyp, acc, taps, o0, t0, kk, oh, wp, rowW);
                        else edgeBlock(pad, gyp, acc, taps, o0, Math.min(cog, o0 + 4), t0, Math.min(kk, t0 + 4), kk, oh, wp, rowW);
                    }
            }
            int tOff = gr * kk * cog;
            for (int o = 0; o < cog; o++)
                for (int t = 0; t < kk; t++)
                    localT[tOff + t * cog + o] += FloatVector.fromArray(F, acc, (o * kk + t) * VL).reduceLanes(VectorOperators.ADD);
        }
    }

    /**
     * Copies {@code rows} rows of {@code w} floats, contiguous from {@code src[off]}, into rows {@code rowW} apart
     * (whole vectors), zeroing the lanes past each row. Whole vectors: 896 short arraycopy calls per image cost
     * as much as the multiply-adds.
     */
    private static void copyRows(float[] src, int off, int rows, int w, float[] dst, int rowW, VectorMask<Float> dead) {
        for (int r = 0; r < rows; r++) {
            int from = off + r * w, to = r * rowW;
            for (int v = 0; v < rowW; v += VL) {
                if (from + v + VL <= src.length) {
                    FloatVector x = FloatVector.fromArray(F, src, from + v);
                    (v + VL > w ? x.blend(0f, dead) : x).intoArray(dst, to + v);
                } else {   // the source's last row: no whole vector left to read
                    for (int j = v; j < v + VL; j++) dst[to + j] = j < w ? src[from + j] : 0f;
                }
            }
        }
    }

    /** acc[o][t] += Σ over rows and lanes of gy row o × the input under tap t, for o0..o0+3, t0..t0+3. */
    private static void block4x4(float[] pad, float[] gyp, float[] acc, int[] taps, int o0, int t0, int kk, int oh, int wp, int rowW) {
        int a0 = (o0 * kk + t0) * VL, a1 = a0 + kk * VL, a2 = a1 + kk * VL, a3 = a2 + kk * VL;
        FloatVector c00 = FloatVector.fromArray(F, acc, a0), c01 = FloatVector.fromArray(F, acc, a0 + VL),
                c02 = FloatVector.fromArray(F, acc, a0 + 2 * VL), c03 = FloatVector.fromArray(F, acc, a0 + 3 * VL),
                c10 = FloatVector.fromArray(F, acc, a1), c11 = FloatVector.fromArray(F, acc, a1 + VL),
                c12 = FloatVector.fromArray(F, acc, a1 + 2 * VL), c13 = FloatVector.fromArray(F, acc, a1 + 3 * VL),
                c20 = FloatVector.fromArray(F, acc, a2), c21 = FloatVector.fromArray(F, acc, a2 + VL),
                c22 = FloatVector.fromArray(F, acc, a2 + 2 * VL), c23 = FloatVector.fromArray(F, acc, a2 + 3 * VL),
                c30 = FloatVector.fromArray(F, acc, a3), c31 = FloatVector.fromArray(F, acc, a3 + VL),
                c32 = FloatVector.fromArray(F, acc, a3 + 2 * VL), c33 = FloatVector.fromArray(F, acc, a3 + 3 * VL);
        int x0 = taps[t0], x1 = taps[t0 + 1], x2 = taps[t0 + 2], x3 = taps[t0 + 3];
        int plane = oh * rowW, g0 = o0 * plane;
        for (int r = 0; r < oh; r++)
            for (int v = 0; v < rowW; v += VL) {
                int gi = g0 + r * rowW + v, xi = r * wp + v;
                FloatVector y0 = FloatVector.fromArray(F, gyp, gi), y1 = FloatVector.fromArray(F, gyp, gi + plane),
                        y2 = FloatVector.fromArray(F, gyp, gi + 2 * plane), y3 = FloatVector.fromArray(F, gyp, gi + 3 * plane);
                FloatVector v0 = FloatVector.fromArray(F, pad, xi + x0), v1 = FloatVector.fromArray(F, pad, xi + x1),
                        v2 = FloatVector.fromArray(F, pad, xi + x2), v3 = FloatVector.fromArray(F, pad, xi + x3);
                c00 = y0.fma(v0, c00); c01 = y0.fma(v1, c01); c02 = y0.fma(v2, c02); c03 = y0.fma(v3, c03);
                c10 = y1.fma(v0, c10); c11 = y1.fma(v1, c11); c12 = y1.fma(v2, c12); c13 = y1.fma(v3, c13);
                c20 = y2.fma(v0, c20); c21 = y2.fma(v1, c21); c22 = y2.fma(v2, c22); c23 = y2.fma(v3, c23);
                c30 = y3.fma(v0, c30); c31 = y3.fma(v1, c31); c32 = y3.fma(v2, c32); c33 = y3.fma(v3, c33);
            }
        c00.intoArray(acc, a0); c01.intoArray(acc, a0 + VL); c02.intoArray(acc, a0 + 2 * VL); c03.intoArray(acc, a0 + 3 * VL);
        c10.intoArray(acc, a1); c11.intoArray(acc, a1 + VL); c12.intoArray(acc, a1 + 2 * VL); c13.intoArray(acc, a1 + 3 * VL);
        c20.intoArray(acc, a2); c21.intoArray(acc, a2 + VL); c22.intoArray(acc, a2 + 2 * VL); c23.intoArray(acc, a2 + 3 * VL);
        c30.intoArray(acc, a3); c31.intoArray(acc, a3 + VL); c32.intoArray(acc, a3 + 2 * VL); c33.intoArray(acc, a3 + 3 * VL);
    }

    /**
     * The same for a partial block (out channels [o0, o1) × taps [t0, t1)): per tap, four out channels at a time
     * (four independent sums; one sum alone waits on each FMA's latency), then the rest one by one.
     */
    private static void edgeBlock(float[] pad, float[] gyp, float[] acc, int[] taps, int o0, int o1, int t0, int t1,
                                  int kk, int oh, int wp, int rowW) {
        int plane = oh * rowW;
        for (int t = t0; t < t1; t++) {
            int o = o0, xt = taps[t];
            for (; o + 4 <= o1; o += 4) {
                int a = (o * kk + t) * VL, step = kk * VL, g0 = o * plane;
                FloatVector c0 = FloatVector.fromArray(F, acc, a), c1 = FloatVector.fromArray(F, acc, a + step),
                        c2 = FloatVector.fromArray(F, acc, a + 2 * step), c3 = FloatVector.fromArray(F, acc, a + 3 * step);
                for (int r = 0; r < oh; r++)
                    for (int v = 0; v < rowW; v += VL) {
                        int gi = g0 + r * rowW + v;
                        FloatVector x = FloatVector.fromArray(F, pad, r * wp + v + xt);
                        c0 = FloatVector.fromArray(F, gyp, gi).fma(x, c0);
                        c1 = FloatVector.fromArray(F, gyp, gi + plane).fma(x, c1);
                        c2 = FloatVector.fromArray(F, gyp, gi + 2 * plane).fma(x, c2);
                        c3 = FloatVector.fromArray(F, gyp, gi + 3 * plane).fma(x, c3);
                    }
                c0.intoArray(acc, a); c1.intoArray(acc, a + step); c2.intoArray(acc, a + 2 * step); c3.intoArray(acc, a + 3 * step);
            }
            for (; o < o1; o++) {
                int a = (o * kk + t) * VL, g0 = o * plane;
                FloatVector c = FloatVector.fromArray(F, acc, a);
                for (int r = 0; r < oh; r++)
                    for (int v = 0; v < rowW; v += VL)
                        c = FloatVector.fromArray(F, gyp, g0 + r * rowW + v).fma(FloatVector.fromArray(F, pad, r * wp + v + xt), c);
                c.intoArray(acc, a);
            }
        }
    }
}
