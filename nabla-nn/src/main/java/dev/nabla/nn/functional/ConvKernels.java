package dev.nabla.nn.functional;

import dev.nabla.backend.cpu.Gemm;
import dev.nabla.backend.cpu.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Convolution kernels on raw arrays, in the three directions a convolution needs: forward
 * (X to Y), input gradient (Y to X, the adjoint; also the transposed convolution) and weight
 * gradient. float32 goes through im2col + {@link Gemm#sgemm}, threaded over the batch; float64
 * goes through {@link #reference}, plain loops that define the semantics (used by gradcheck and
 * as the oracle in tests).
 *
 * <p>Layouts are contiguous NC(D)(H)(W) with offsets; the column buffer of one image and group is
 * {@code [cg*K, P]} (K = kernel volume, P = output positions), row {@code (c, kd, kh, kw)}. When P
 * is small (the 14×14 outputs of the MNIST CNN's second conv) the forward and the input gradient
 * put several images' columns side by side in one buffer, so one GEMM covers them all.
 */
final class ConvKernels {
    private ConvKernels() {}

    /** Column buffers kept per thread up to this many floats (16 MiB): fresh pages cost more than the copy itself. */
    private static final int CACHED_COL_LIMIT = 4 << 20;
    private static final ThreadLocal<float[]> COL = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> PADDED = ThreadLocal.withInitial(() -> new float[0]);
    /** The other side of a batched GEMM: forward's output block, the input gradient's gathered gy. */
    private static final ThreadLocal<float[]> BATCHED = ThreadLocal.withInitial(() -> new float[0]);
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Slack after a column buffer: the unit-stride im2col copies whole vectors and may run past a row by up to this. */
    private static final int SLACK = F.length();
    /** Floats in one forward column block (256 KiB): im2col writes it and the GEMM reads it back while it is in L2. */
    private static final int COL_BLOCK = 1 << 16;
    /** Fewest columns in a block: narrower GEMMs spend more on packing than the cache saves (the CNN's 14-wide conv2). */
    private static final int MIN_BLOCK_COLS = 224;

    /**
     * Columns one GEMM should span at least: an image whose output is narrower shares its GEMM
     * with the next images (the CNN's second conv, 14×14 = 196 columns, goes 5 at a time). Its
     * last NR-wide panel then wastes ~1% instead of ~14%, and the weights are packed once per batch.
     */
    private static final int BATCH_COLS = 1024;

    /** How many images one forward or input-gradient GEMM covers (1 unless each image is one narrow column block). */
    private static int imagesPerGemm(ConvGeometry g, int kk) {
        int p = g.outVolume(), rows = g.out()[0] * g.out()[1];
        if (g.pointwise() || g.stride()[2] != 1 || rowBlock(g, kk) < rows || 2 * p > BATCH_COLS) return 1;
        return BATCH_COLS / p;
    }

    /** PAST[t]: the lanes from t on, i.e. past a row tail of t floats. */
    @SuppressWarnings("unchecked")
    private static final VectorMask<Float>[] PAST = new VectorMask[F.length()];
    static {
        for (int t = 0; t < F.length(); t++) PAST[t] = F.indexInRange(0, t).not();
    }

    /** Images per work unit when images are not batched into one GEMM. */
    private static final int IMAGES_PER_BLOCK = 4;

    /**
     * Runs {@code body} over {@code [0, n)} in blocks of {@code block} images that the threads take
     * from a shared counter. On this shared machine a fixed half per thread made every conv wait for
     * whichever core another process had taken; taking blocks, the other thread does the rest.
     */
    private static void inBlocks(int n, int block, Parallel.RangeBody body) {
        int units = (n + block - 1) / block;
        AtomicInteger next = new AtomicInteger();
        Parallel.forRange(Math.min(Parallel.threads(), units), 1, (l0, l1) -> {
            for (int u = next.getAndIncrement(); u < units; u = next.getAndIncrement())
                body.run(u * block, Math.min(n, (u + 1) * block));
        });
    }

    /** A scratch column buffer of at least {@code size} floats (plus {@link #SLACK}) owned by this thread (contents undefined). */
    private static float[] colBuffer(int size) {
        return scratch(COL, size + SLACK);
    }

    /** Output rows per column block for a column of {@code kk} rows: about {@link #COL_BLOCK} floats, at least one row. */
    private static int rowBlock(ConvGeometry g, int kk) {
        int ow = Math.max(1, g.out()[2]), minRows = (MIN_BLOCK_COLS + ow - 1) / ow;
        return Math.max(1, Math.min(g.out()[0] * g.out()[1], Math.max(minRows, COL_BLOCK / Math.max(1, kk * ow))));
    }

    private static float[] scratch(ThreadLocal<float[]> cache, int size) {
        if (size > CACHED_COL_LIMIT) return new float[size];
        float[] b = cache.get();
        if (b.length < size) { b = new float[size]; cache.set(b); }
        return b;
    }

    /** y = conv(x, w) + bias; y is written fully. bias may be null. */
    static void forward(ConvGeometry g, float[] x, int xo, float[] w, int wo, float[] bias, int bo, float[] y) {
        int cg = g.cg(), cog = g.cog(), kk = cg * g.kernelVolume(), p = g.outVolume(), s = g.inVolume();
        boolean direct = g.pointwise();
        int batch = imagesPerGemm(g, kk);
        boolean direct8 = ConvDirect.appliesForward(g);
        inBlocks(g.n(), batch > 1 && !direct8 ? batch : IMAGES_PER_BLOCK, (n0, n1) -> {
            if (direct8) {
                ConvDirect.forward(g, x, xo, w, wo, bias, bo, y, n0, n1);
                return;
            }
            if (batch > 1) {
                for (int n = n0; n < n1; n += batch)
                    for (int gr = 0; gr < g.groups(); gr++) forwardImages(g, x, xo, w, wo, bias, bo, y, n, Math.min(batch, n1 - n), gr);
                return;
            }
            float[] col = direct ? null : colBuffer(kk * p);
            for (int n = n0; n < n1; n++)
                for (int gr = 0; gr < g.groups(); gr++) {
                    int yOff = (n * g.co() + gr * cog) * p;
                    float beta = 0;
                    if (bias != null) {
                        for (int o = 0; o < cog; o++) java.util.Arrays.fill(y, yOff + o * p, yOff + (o + 1) * p, bias[bo + gr * cog + o]);
                        beta = 1;
                    }
                    int xOff = xo + (n * g.c() + gr * cg) * s;
                    if (direct) {
                        Gemm.sgemm(false, false, cog, p, kk, w, wo + gr * cog * kk, kk, x, xOff, p, beta, y, yOff, p);
                    } else if (g.stride()[2] == 1) {
                        // column blocks of whole output rows, small enough to stay in cache between im2col and the GEMM
                        float[] pad = padImage(g, x, xOff);
                        int ow = g.out()[2], rows = g.out()[0] * g.out()[1];
                        int rb = rowBlock(g, kk);
                        for (int r0 = 0; r0 < rows; r0 += rb) {
                            int r1 = Math.min(rows, r0 + rb), pb = (r1 - r0) * ow;
                            im2colRows(g, pad, r0, r1, col);
                            Gemm.sgemm(false, false, cog, pb, kk, w, wo + gr * cog * kk, kk, col, 0, pb, beta, y, yOff + r0 * ow, p);
                        }
                    } else {
                        im2col(g, x, xOff, col);
                        Gemm.sgemm(false, false, cog, p, kk, w, wo + gr * cog * kk, kk, col, 0, p, beta, y, yOff, p);
                    }
                }
        });
    }

    /**
     * Forward of images [n, n+m), group gr, as one GEMM: their columns side by side in one buffer,
     * the product into a scratch block, then copied into y with the bias added on the way.
     */
    private static void forwardImages(ConvGeometry g, float[] x, int xo, float[] w, int wo, float[] bias, int bo, float[] y,
                                      int n, int m, int gr) {
        int cg = g.cg(), cog = g.cog(), kk = cg * g.kernelVolume(), p = g.outVolume(), s = g.inVolume();
        int rows = g.out()[0] * g.out()[1], wide = m * p, ld = wide + SLACK;   // the slack takes each row's vector overshoot
        int image = accumulatorSize(g);
        float[] pad = padImages(g, x, xo + (n * g.c() + gr * cg) * s, m, g.c() * s);
        float[] col = colBuffer(Math.min(kk, DEPTH_CHUNK) * ld);
        float[] out = scratch(BATCHED, cog * wide);
        // the depth in chunks, each added into the product, so the chunk's columns stay in L2 from im2col to the GEMM
        for (int row0 = 0; row0 < kk; row0 += DEPTH_CHUNK) {
            int row1 = Math.min(kk, row0 + DEPTH_CHUNK);
            for (int i = 0; i < m; i++) im2colRows(g, pad, i * image, row0, row1, 0, rows, col, i * p, ld);
            Gemm.sgemm(false, false, cog, wide, row1 - row0, w, wo + gr * cog * kk + row0, kk, col, 0, ld, row0 == 0 ? 0 : 1, out, 0, wide);
        }
        for (int i = 0; i < m; i++)
            for (int o = 0; o < cog; o++)
                addInto(out, o * wide + i * p, bias == null ? 0f : bias[bo + gr * cog + o], y, ((n + i) * g.co() + gr * cog + o) * p, p);
    }

    /** dst[d..d+len) = src[s..s+len) + v. */
    private static void addInto(float[] src, int s, float v, float[] dst, int d, int len) {
        FloatVector bv = FloatVector.broadcast(F, v);
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length())
            FloatVector.fromArray(F, src, s + i).add(bv).intoArray(dst, d + i);
        for (; i < len; i++) dst[d + i] = src[s + i] + v;
    }

    /** gx = adjoint of conv(., w) applied to gy (zeroed, then accumulated by col2im). */
    static void inputGrad(ConvGeometry g, float[] gy, int gyo, float[] w, int wo, float[] gx) {
        int cg = g.cg(), cog = g.cog(), kk = cg * g.kernelVolume(), p = g.outVolume(), s = g.inVolume();
        boolean direct = g.pointwise();
        // The GEMMs below need wᵀ [kk, cog] per group. Handing the GEMM w with transA made it
        // transpose-pack the same weights, scalar by scalar, once per image (11% of the CNN step);
        // transposed once here, every image packs plain rows.
        float[] wt = transposedWeights(g, w, wo);
        int batch = imagesPerGemm(g, kk);
        inBlocks(g.n(), batch > 1 ? batch : IMAGES_PER_BLOCK, (n0, n1) -> {
            if (batch > 1) {
                for (int n = n0; n < n1; n += batch)
                    for (int gr = 0; gr < g.groups(); gr++) inputGradImages(g, gy, gyo, wt, gx, n, Math.min(batch, n1 - n), gr);
                return;
            }
            float[] col = direct ? null : colBuffer(kk * p);
            for (int n = n0; n < n1; n++)
                for (int gr = 0; gr < g.groups(); gr++) {
                    int gyOff = gyo + (n * g.co() + gr * cog) * p;
                    int xOff = (n * g.c() + gr * cg) * s;
                    if (direct) {
                        Gemm.sgemm(false, false, kk, p, cog, wt, gr * kk * cog, cog, gy, gyOff, p, 0, gx, xOff, p);
                    } else if (g.stride()[2] == 1) {
                        // blocks of output rows as in forward, each added into a padded accumulator
                        float[] acc = zeroedAccumulator(g);
                        int ow = g.out()[2], rows = g.out()[0] * g.out()[1], rb = rowBlock(g, kk);
                        for (int r0 = 0; r0 < rows; r0 += rb) {
                            int r1 = Math.min(rows, r0 + rb), pb = (r1 - r0) * ow;
                            Gemm.sgemm(false, false, kk, pb, cog, wt, gr * kk * cog, cog, gy, gyOff + r0 * ow, p, 0, col, 0, pb);
                            col2imRows(g, col, r0, r1, acc);
                        }
                        unpad(g, acc, gx, xOff);
                    } else {
                        Gemm.sgemm(false, false, kk, p, cog, wt, gr * kk * cog, cog, gy, gyOff, p, 0, col, 0, p);
                        col2im(g, col, gx, xOff);
                    }
                }
        });
    }

    /**
     * Column rows per input-gradient GEMM of a batch of images: the product (here 64 × 980 floats,
     * 250 KiB) is added back by col2im while still in L2; one product for all rows (800 × 980,
     * 3 MiB) went out to memory and back. A multiple of the GEMM's 8-row tile.
     */
    private static final int ROW_CHUNK = 64;
    /** Column rows per forward GEMM of a batch of images (the GEMM's depth): 128 × 996 floats, 500 KiB, stay in L2. */
    private static final int DEPTH_CHUNK = 128;

    /**
     * The input gradient of images [n, n+m), group gr: their gy rows gathered side by side, then
     * per chunk of column rows one GEMM whose rows col2im adds into the images' padded accumulators.
     */
    private static void inputGradImages(ConvGeometry g, float[] gy, int gyo, float[] wt, float[] gx, int n, int m, int gr) {
        int cg = g.cg(), cog = g.cog(), kk = cg * g.kernelVolume(), p = g.outVolume(), s = g.inVolume();
        int rows = g.out()[0] * g.out()[1], wide = m * p;
        float[] gyb = scratch(BATCHED, cog * wide);
        for (int i = 0; i < m; i++)
            for (int o = 0; o < cog; o++)
                System.arraycopy(gy, gyo + ((n + i) * g.co() + gr * cog + o) * p, gyb, o * wide + i * p, p);
        int image = accumulatorSize(g);
        float[] acc = zeroedAccumulator(g, m);
        float[] col = colBuffer(Math.min(kk, ROW_CHUNK) * wide);
        for (int row0 = 0; row0 < kk; row0 += ROW_CHUNK) {
            int row1 = Math.min(kk, row0 + ROW_CHUNK);
            Gemm.sgemm(false, false, row1 - row0, wide, cog, wt, gr * kk * cog + row0 * cog, cog, gyb, 0, wide, 0, col, 0, wide);
            for (int i = 0; i < m; i++) col2imRows(g, col, i * p, wide, row0, row1, 0, rows, acc, i * image);
        }
        for (int i = 0; i < m; i++) unpad(g, acc, i * image, gx, ((n + i) * g.c() + gr * cg) * s);
    }

    /** Per group, the [cog, kk] weight block transposed to [kk, cog], groups one after another. */
    private static float[] transposedWeights(ConvGeometry g, float[] w, int wo) {
        int cog = g.cog(), kk = g.cg() * g.kernelVolume();
        float[] wt = new float[g.co() * kk];
        for (int gr = 0; gr < g.groups(); gr++) {
            int base = gr * cog * kk;
            for (int o = 0; o < cog; o++)
                for (int r = 0; r < kk; r++) wt[base + r * cog + o] = w[wo + base + o * kk + r];
        }
        return wt;
    }

    /**
     * gw = sum over the batch of gy · im2col(x)ᵀ; each thread sums its images privately, then they are added.
     * The GEMM computes the transpose, gwᵀ [kk, cog] += col [kk, P] · gyᵀ: so the big operand, the
     * column buffer, is packed with plain row copies, and only gy (cog × P, 8-25x smaller) takes the
     * transposing pack. The other way round the transposing pack of the columns cost ~8% of the CNN step.
     * The images are split statically (not taken from a counter as in forward): which thread sums
     * which images then never changes, so neither does the rounding of the sum, run to run.
     */
    static void weightGrad(ConvGeometry g, float[] x, int xo, float[] gy, int gyo, float[] gw) {
        int cg = g.cg(), cog = g.cog(), kk = cg * g.kernelVolume(), p = g.outVolume(), s = g.inVolume();
        boolean direct = g.pointwise();
        java.util.Arrays.fill(gw, 0f);
        Object lock = new Object();
        int batch = imagesPerGemm(g, kk);
        Parallel.forRangePerThread(g.n(), 1, (n0, n1) -> {   // partial sums merged below: see forRangePerThread
            float[] localT = new float[gw.length];   // per group: [kk, cog]
            if (ConvDirect.applies(g)) {
                ConvDirect.weightGrad(g, x, xo, gy, gyo, n0, n1, localT);
            } else if (batch > 1) {
                for (int n = n0; n < n1; n += batch)
                    for (int gr = 0; gr < g.groups(); gr++) weightGradImages(g, x, xo, gy, gyo, localT, n, Math.min(batch, n1 - n), gr);
            } else {
                float[] col = direct ? null : colBuffer(kk * p);
                for (int n = n0; n < n1; n++)
                    for (int gr = 0; gr < g.groups(); gr++) weightGradImage(g, x, xo, gy, gyo, col, localT, n, gr);
            }
            synchronized (lock) {
                for (int gr = 0; gr < g.groups(); gr++) {
                    int base = gr * cog * kk;
                    for (int o = 0; o < cog; o++)
                        for (int r = 0; r < kk; r++) gw[base + o * kk + r] += localT[base + r * cog + o];
                }
            }
        });
    }

    /** Adds the weight gradient of image n, group gr, into {@code localT} ([kk, cog] per group). */
    private static void weightGradImage(ConvGeometry g, float[] x, int xo, float[] gy, int gyo, float[] col, float[] localT, int n, int gr) {
        int cg = g.cg(), cog = g.cog(), kk = cg * g.kernelVolume(), p = g.outVolume(), s = g.inVolume();
        int gyOff = gyo + (n * g.co() + gr * cog) * p;
        int xOff = xo + (n * g.c() + gr * cg) * s, tOff = gr * kk * cog;
        if (g.pointwise()) {
            Gemm.sgemm(false, true, kk, cog, p, x, xOff, p, gy, gyOff, p, 1, localT, tOff, cog);
        } else if (g.stride()[2] == 1) {
            // blocks of output rows as in forward: the k dimension of this GEMM is split, each block adds in
            float[] pad = padImage(g, x, xOff);
            int ow = g.out()[2], rows = g.out()[0] * g.out()[1], rb = rowBlock(g, kk);
            for (int r0 = 0; r0 < rows; r0 += rb) {
                int r1 = Math.min(rows, r0 + rb), pb = (r1 - r0) * ow;
                im2colRows(g, pad, r0, r1, col);
                Gemm.sgemm(false, true, kk, cog, pb, col, 0, pb, gy, gyOff + r0 * ow, p, 1, localT, tOff, cog);
            }
        } else {
            im2col(g, x, xOff, col);
            Gemm.sgemm(false, true, kk, cog, p, col, 0, p, gy, gyOff, p, 1, localT, tOff, cog);
        }
    }

    /**
     * Adds the weight gradient of images [n, n+m), group gr, into {@code localT} ([kk, cog] per
     * group) as one GEMM over all their columns side by side: the product is read and written
     * once per batch instead of once per image.
     */
    private static void weightGradImages(ConvGeometry g, float[] x, int xo, float[] gy, int gyo, float[] localT, int n, int m, int gr) {
        int cg = g.cg(), cog = g.cog(), kk = cg * g.kernelVolume(), p = g.outVolume(), s = g.inVolume();
        int rows = g.out()[0] * g.out()[1], wide = m * p, ld = wide + SLACK, image = accumulatorSize(g);
        float[] pad = padImages(g, x, xo + (n * g.c() + gr * cg) * s, m, g.c() * s);
        float[] col = colBuffer(kk * ld);
        for (int i = 0; i < m; i++) im2colRows(g, pad, i * image, 0, kk, 0, rows, col, i * p, ld);
        float[] gyb = scratch(BATCHED, cog * wide);
        for (int i = 0; i < m; i++)
            for (int o = 0; o < cog; o++)
                System.arraycopy(gy, gyo + ((n + i) * g.co() + gr * cog + o) * p, gyb, o * wide + i * p, p);
        Gemm.sgemm(false, true, kk, cog, wide, col, 0, ld, gyb, 0, wide, 1, localT, gr * kk * cog, cog);
    }

    /** Unfolds one image-group {@code [cg, in...]} at {@code xOff} into {@code col [cg*K, P]}; padding reads as 0. */
    static void im2col(ConvGeometry g, float[] x, int xOff, float[] col) {
        if (g.stride()[2] == 1 && col.length >= g.cg() * g.kernelVolume() * g.outVolume() + SLACK) {
            im2colUnitStride(g, x, xOff, col);
            return;
        }
        int[] in = g.in(), k = g.k(), out = g.out(), st = g.stride(), pd = g.pad(), dl = g.dil();
        int p = g.outVolume(), s = g.inVolume(), ow = out[2], sw = st[2];
        int row = 0;
        for (int c = 0; c < g.cg(); c++)
            for (int kd = 0; kd < k[0]; kd++)
                for (int kh = 0; kh < k[1]; kh++)
                    for (int kw = 0; kw < k[2]; kw++, row++) {
                        int shiftW = kw * dl[2] - pd[2], lo = validLo(shiftW, sw, ow), hi = validHi(shiftW, sw, ow, in[2], lo);
                        for (int od = 0; od < out[0]; od++) {
                            int id = od * st[0] - pd[0] + kd * dl[0];
                            for (int oh = 0; oh < out[1]; oh++) {
                                int ih = oh * st[1] - pd[1] + kh * dl[1];
                                int cb = row * p + (od * out[1] + oh) * ow;
                                if (id < 0 || id >= in[0] || ih < 0 || ih >= in[1]) {
                                    java.util.Arrays.fill(col, cb, cb + ow, 0f);
                                    continue;
                                }
                                int xb = xOff + c * s + (id * in[1] + ih) * in[2] + shiftW;
                                if (lo > 0) java.util.Arrays.fill(col, cb, cb + lo, 0f);
                                if (sw == 1) System.arraycopy(x, xb + lo, col, cb + lo, hi - lo);
                                else for (int o = lo; o < hi; o++) col[cb + o] = x[xb + o * sw];
                                if (hi < ow) java.util.Arrays.fill(col, cb + hi, cb + ow, 0f);
                            }
                        }
                    }
    }

    /**
     * im2col when the W stride is 1: each column row segment is then a contiguous run of a
     * zero-padded copy of the image, so it is copied with whole vectors and no padding logic.
     * Short rows (28 wide in the MNIST CNN) made the per-row arraycopy and fill calls cost more
     * than the GEMM. A copy may overshoot its segment by up to a vector: segments are written in
     * increasing order, so the next one overwrites the excess, and the last lands in the slack.
     */
    private static void im2colUnitStride(ConvGeometry g, float[] x, int xOff, float[] col) {
        im2colRows(g, padImage(g, x, xOff), 0, g.out()[0] * g.out()[1], col);
    }

    /** A zero-padded copy {@code [cg, in+2pad...]} of the image-group at {@code xOff} (thread scratch, plus a vector of slack). */
    private static float[] padImage(ConvGeometry g, float[] x, int xOff) {
        return padImages(g, x, xOff, 1, 0);
    }

    /**
     * Zero-padded copies of {@code m} image-groups, the i-th read at {@code xOff + i·step}, one
     * after another ({@link #accumulatorSize} floats each) in thread scratch, plus a vector of slack.
     */
    private static float[] padImages(ConvGeometry g, float[] x, int xOff, int m, int step) {
        int[] in = g.in(), pd = g.pad();
        int hp = in[1] + 2 * pd[1], wp = in[2] + 2 * pd[2], sp = (in[0] + 2 * pd[0]) * hp * wp, s = g.inVolume();
        int image = g.cg() * sp;
        float[] pad = scratch(PADDED, m * image + F.length());
        java.util.Arrays.fill(pad, 0, m * image + F.length(), 0f);
        for (int i = 0; i < m; i++)
            for (int c = 0; c < g.cg(); c++)
                for (int d = 0; d < in[0]; d++)
                    for (int h = 0; h < in[1]; h++)
                        System.arraycopy(x, xOff + i * step + c * s + (d * in[1] + h) * in[2], pad,
                                i * image + c * sp + ((d + pd[0]) * hp + h + pd[1]) * wp + pd[2], in[2]);
        return pad;
    }

    /**
     * The columns of output rows {@code [r0, r1)} (row = od*outH + oh) from a padded image:
     * {@code col [cg*K, (r1-r0)*outW]}. Needs {@link #SLACK} floats after that block.
     */
    private static void im2colRows(ConvGeometry g, float[] pad, int r0, int r1, float[] col) {
        im2colRows(g, pad, r0, r1, col, 0, (r1 - r0) * g.out()[2]);
    }

    /** As above into the columns starting at {@code colOff} of a column buffer with rows {@code ld} apart. */
    private static void im2colRows(ConvGeometry g, float[] pad, int r0, int r1, float[] col, int colOff, int ld) {
        im2colRows(g, pad, 0, 0, g.cg() * g.kernelVolume(), r0, r1, col, colOff, ld);
    }

    /**
     * Column rows {@code [rowLo, rowHi)} (row = (c, kd, kh, kw)) of output rows {@code [r0, r1)}
     * from the padded image at {@code padOff}; buffer row {@code row - rowLo} starts at
     * {@code colOff + (row - rowLo)·ld}.
     */
    private static void im2colRows(ConvGeometry g, float[] pad, int padOff, int rowLo, int rowHi, int r0, int r1,
                                   float[] col, int colOff, int ld) {
        int ow = g.out()[2], vl = F.length();
        int[] rowStart = rowStarts(g, r0, r1);
        for (int row = rowLo; row < rowHi; row++) {
            int tap = padOff + tapOffset(g, row), dstRow = colOff + (row - rowLo) * ld;
            for (int r = r0; r < r1; r++) {
                int src = tap + rowStart[r - r0], dst = dstRow + (r - r0) * ow;
                for (int o = 0; o < ow; o += vl) FloatVector.fromArray(F, pad, src + o).intoArray(col, dst + o);
            }
        }
    }

    /**
     * Offset in the padded image of the first input cell of each output row r0..r1 (row =
     * od*outH + oh), for the kernel tap (0, 0, 0). Worked out once per call: two integer divisions
     * per row segment cost more than the segment's copy (the CNN's rows are 14 wide).
     */
    /**
     * Offset in a padded image-group of the cell that column row {@code row} = (c, kd, kh, kw) reads
     * for output position 0: im2col copies from there, col2im adds back to there.
     */
    private static int tapOffset(ConvGeometry g, int row) {
        int[] in = g.in(), k = g.k(), pd = g.pad(), dl = g.dil();
        int hp = in[1] + 2 * pd[1], wp = in[2] + 2 * pd[2], sp = (in[0] + 2 * pd[0]) * hp * wp;
        int kv = g.kernelVolume(), khw = k[1] * k[2];
        int c = row / kv, t = row % kv, kd = t / khw, kh = t % khw / k[2], kw = t % k[2];
        return c * sp + (kd * dl[0] * hp + kh * dl[1]) * wp + kw * dl[2];
    }

    private static int[] rowStarts(ConvGeometry g, int r0, int r1) {
        int[] in = g.in(), out = g.out(), st = g.stride(), pd = g.pad();
        int hp = in[1] + 2 * pd[1], wp = in[2] + 2 * pd[2];
        int[] starts = new int[r1 - r0];
        for (int r = r0; r < r1; r++) starts[r - r0] = ((r / out[1]) * st[0] * hp + (r % out[1]) * st[1]) * wp;
        return starts;
    }

    /**
     * The adjoint of im2col: zeroes the image-group at {@code xOff} of {@code x}, then adds every
     * column entry back to its input cell. Same walk as im2col; a W stride of 1 takes
     * {@link #col2imUnitStride}.
     */
    static void col2im(ConvGeometry g, float[] col, float[] x, int xOff) {
        if (g.stride()[2] == 1) {
            col2imUnitStride(g, col, x, xOff);
            return;
        }
        int[] in = g.in(), k = g.k(), out = g.out(), st = g.stride(), pd = g.pad(), dl = g.dil();
        int p = g.outVolume(), s = g.inVolume(), ow = out[2], sw = st[2];
        java.util.Arrays.fill(x, xOff, xOff + g.cg() * s, 0f);
        int row = 0;
        for (int c = 0; c < g.cg(); c++)
            for (int kd = 0; kd < k[0]; kd++)
                for (int kh = 0; kh < k[1]; kh++)
                    for (int kw = 0; kw < k[2]; kw++, row++) {
                        int shiftW = kw * dl[2] - pd[2], lo = validLo(shiftW, sw, ow), hi = validHi(shiftW, sw, ow, in[2], lo);
                        for (int od = 0; od < out[0]; od++) {
                            int id = od * st[0] - pd[0] + kd * dl[0];
                            if (id < 0 || id >= in[0]) continue;
                            for (int oh = 0; oh < out[1]; oh++) {
                                int ih = oh * st[1] - pd[1] + kh * dl[1];
                                if (ih < 0 || ih >= in[1]) continue;
                                int cb = row * p + (od * out[1] + oh) * ow;
                                int xb = xOff + c * s + (id * in[1] + ih) * in[2] + shiftW;
                                for (int o = lo; o < hi; o++) x[xb + o * sw] += col[cb + o];
                            }
                        }
                    }
    }

    /**
     * col2im when the W stride is 1: every segment is added, unclipped, to a zero-padded
     * accumulator with whole vectors (the tail blended), then the interior is copied
     * out, which also overwrites the image-group fully (no zeroing of x).
     */
    private static void col2imUnitStride(ConvGeometry g, float[] col, float[] x, int xOff) {
        float[] acc = zeroedAccumulator(g);
        col2imRows(g, col, 0, g.out()[0] * g.out()[1], acc);
        unpad(g, acc, x, xOff);
    }

    /** A zeroed padded image-group {@code [cg, in+2pad...]} (thread scratch) for {@link #col2imRows}. */
    private static float[] zeroedAccumulator(ConvGeometry g) {
        return zeroedAccumulator(g, 1);
    }

    /** {@code images} zeroed padded image-groups one after another (thread scratch), plus a vector of slack. */
    private static float[] zeroedAccumulator(ConvGeometry g, int images) {
        int size = images * accumulatorSize(g);
        float[] acc = scratch(PADDED, size + F.length());   // slack: col2imRows reads and writes whole vectors past a row
        java.util.Arrays.fill(acc, 0, size, 0f);
        return acc;
    }

    /** Floats in one padded image-group {@code [cg, in+2pad...]}. */
    private static int accumulatorSize(ConvGeometry g) {
        int[] in = g.in(), pd = g.pad();
        return g.cg() * (in[0] + 2 * pd[0]) * (in[1] + 2 * pd[1]) * (in[2] + 2 * pd[2]);
    }

    /** Adds the columns of output rows {@code [r0, r1)}, {@code col [cg*K, (r1-r0)*outW]}, into the padded accumulator. */
    private static void col2imRows(ConvGeometry g, float[] col, int r0, int r1, float[] acc) {
        col2imRows(g, col, 0, (r1 - r0) * g.out()[2], r0, r1, acc);
    }

    /** As above from the columns starting at {@code colOff} of a column buffer with rows {@code ld} apart. */
    private static void col2imRows(ConvGeometry g, float[] col, int colOff, int ld, int r0, int r1, float[] acc) {
        col2imRows(g, col, colOff, ld, 0, g.cg() * g.kernelVolume(), r0, r1, acc, 0);
    }

    /**
     * Adds column rows {@code [rowLo, rowHi)} (row = (c, kd, kh, kw); buffer row {@code row - rowLo}
     * starts at {@code colOff + (row - rowLo)·ld}) of output rows {@code [r0, r1)} into the padded
     * accumulator at {@code accOff}.
     */
    private static void col2imRows(ConvGeometry g, float[] col, int colOff, int ld, int rowLo, int rowHi, int r0, int r1,
                                   float[] acc, int accOff) {
        int ow = g.out()[2], vl = F.length(), full = ow - ow % vl;
        // The tail as one whole vector whose lanes past the row are blended to -0 before the add:
        // x + -0 == x for every x, so the cells after the row keep their values (acc has a vector
        // of slack). The CNN's rows (14 wide) are all tail: a scalar tail made this 7% of the step,
        // masked loads and stores 5% (the profile showed their Java fallback, not the intrinsic).
        VectorMask<Float> past = PAST[ow - full];
        int[] rowStart = rowStarts(g, r0, r1);
        for (int row = rowLo; row < rowHi; row++) {
            int tap = accOff + tapOffset(g, row), srcRow = colOff + (row - rowLo) * ld;
            for (int r = r0; r < r1; r++) {
                int a = tap + rowStart[r - r0], src = srcRow + (r - r0) * ow;
                for (int o = 0; o < full; o += vl)
                    FloatVector.fromArray(F, acc, a + o).add(FloatVector.fromArray(F, col, src + o)).intoArray(acc, a + o);
                if (full < ow)
                    FloatVector.fromArray(F, acc, a + full).add(FloatVector.fromArray(F, col, src + full).blend(-0f, past))
                            .intoArray(acc, a + full);
            }
        }
    }

    /** Copies the interior of a padded accumulator over the image-group at {@code xOff} (every cell written). */
    private static void unpad(ConvGeometry g, float[] acc, float[] x, int xOff) {
        unpad(g, acc, 0, x, xOff);
    }

    /** As above from the accumulator at {@code accOff}. */
    private static void unpad(ConvGeometry g, float[] acc, int accOff, float[] x, int xOff) {
        int[] in = g.in(), pd = g.pad();
        int hp = in[1] + 2 * pd[1], wp = in[2] + 2 * pd[2], sp = (in[0] + 2 * pd[0]) * hp * wp, s = g.inVolume();
        for (int c = 0; c < g.cg(); c++)
            for (int d = 0; d < in[0]; d++)
                for (int h = 0; h < in[1]; h++)
                    System.arraycopy(acc, accOff + c * sp + ((d + pd[0]) * hp + h + pd[1]) * wp + pd[2], x,
                            xOff + c * s + (d * in[1] + h) * in[2], in[2]);
    }

    /** First output index along W whose input column {@code o*sw + shiftW} is >= 0. */
    private static int validLo(int shiftW, int sw, int ow) {
        return shiftW >= 0 ? 0 : Math.min(ow, ceilDiv(-shiftW, sw));
    }

    /** One past the last output index along W whose input column is < {@code inW}. */
    private static int validHi(int shiftW, int sw, int ow, int inW, int lo) {
        return Math.max(lo, Math.min(ow, Math.floorDiv(inW - 1 - shiftW, sw) + 1));
    }

    private static int ceilDiv(int a, int b) { return -Math.floorDiv(-a, b); }

    /** Which product the reference loop accumulates. */
    enum Mode { FORWARD, INPUT_GRAD, WEIGHT_GRAD }

    /**
     * The definition of all three directions in float64, one loop nest over every
     * (image, out channel, position, in channel, kernel tap):
     * FORWARD {@code y += x·w}, INPUT_GRAD {@code x += y·w}, WEIGHT_GRAD {@code w += x·y}.
     * The accumulated array must start zeroed; the other two are read.
     */
    static void reference(ConvGeometry g, Mode mode, double[] x, int xo, double[] w, int wo, double[] y, int yo) {
        int[] in = g.in(), k = g.k(), out = g.out(), st = g.stride(), pd = g.pad(), dl = g.dil();
        int cg = g.cg(), cog = g.cog(), s = g.inVolume(), p = g.outVolume(), kv = g.kernelVolume();
        for (int n = 0; n < g.n(); n++)
            for (int o = 0; o < g.co(); o++) {
                int gr = o / cog;
                for (int od = 0; od < out[0]; od++)
                    for (int oh = 0; oh < out[1]; oh++)
                        for (int ow = 0; ow < out[2]; ow++) {
                            int yi = yo + (n * g.co() + o) * p + (od * out[1] + oh) * out[2] + ow;
                            for (int c = 0; c < cg; c++)
                                for (int kd = 0; kd < k[0]; kd++) {
                                    int id = od * st[0] - pd[0] + kd * dl[0];
                                    if (id < 0 || id >= in[0]) continue;
                                    for (int kh = 0; kh < k[1]; kh++) {
                                        int ih = oh * st[1] - pd[1] + kh * dl[1];
                                        if (ih < 0 || ih >= in[1]) continue;
                                        for (int kw = 0; kw < k[2]; kw++) {
                                            int iw = ow * st[2] - pd[2] + kw * dl[2];
                                            if (iw < 0 || iw >= in[2]) continue;
                                            int xi = xo + (n * g.c() + gr * cg + c) * s + (id * in[1] + ih) * in[2] + iw;
                                            int wi = wo + (o * cg + c) * kv + (kd * k[1] + kh) * k[2] + kw;
                                            switch (mode) {
                                                case FORWARD -> y[yi] += x[xi] * w[wi];
                                                case INPUT_GRAD -> x[xi] += y[yi] * w[wi];
                                                case WEIGHT_GRAD -> w[wi] += x[xi] * y[yi];
                                            }
                                        }
                                    }
                                }
                        }
            }
    }
}
