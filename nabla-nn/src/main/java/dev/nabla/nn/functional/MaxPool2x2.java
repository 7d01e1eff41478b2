package dev.nabla.nn.functional;

import dev.nabla.autograd.Autograd;
import dev.nabla.backend.cpu.Parallel;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 max pool with a 2×2 kernel, stride 2, no padding or dilation: the pool of almost
 * every CNN. The general {@link Pool} path walks each window through arrays of kernel sizes and
 * stores an int64 index per output (9% of the Fashion-MNIST CNN step); here the four cells are
 * compared inline and the winner is kept as one byte (0..3, row-major in the window). Same
 * semantics as the general path: a NaN always takes over (the last NaN wins), the first of equal
 * maxima is kept. Only used when the caller does not ask for the indices.
 */
final class MaxPool2x2 {
    private MaxPool2x2() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** The vector path stores the winners' 0..3 through a byte vector of F's lane count: needs a shape of >= 64 bits. */
    static final boolean VECTOR = F.length() >= 8;
    private static final VectorSpecies<Byte> BYTES = VECTOR ? VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * 8)) : null;
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(F, i -> 2 * i), ODD = VectorShuffle.fromOp(F, i -> 2 * i + 1);
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);
    /**
     * Planes pooled by the scalar loop before the vector one takes over. Until C2 compiles it, the vector
     * loop runs interpreted or in C1, which does not intrinsify the Vector API (every vector op allocates
     * and its shuffles and conversions fall back to per-lane Java): ~300 µs a plane, 1-2 s for the first
     * CNN batch alone. The scalar loop gets to the same result (same cell, same NaN rule) at ~5 µs a plane
     * once C1 has it. The Fashion-MNIST CNN pools 12,288 planes a batch, so this is ~10 batches.
     */
    static final int WARM_PLANES = 1 << 17;
    /**
     * After the first {@link #SCALAR_ONLY_PLANES} (the first batch of that CNN: interpreted, one vector
     * call costs milliseconds), every this-many-th plane of the warm-up goes through the vector loop,
     * so C2 profiles and compiles it before it takes over.
     */
    static final int WARM_VECTOR_EVERY = 64;
    static final int SCALAR_ONLY_PLANES = 1 << 14;
    /** Planes pooled so far (racy on purpose: only steers warm-up, any count near the true one will do). */
    private static int pooled;

    /** True when {@link #forward} computes exactly what the general max pool would. */
    static boolean applies(Tensor x, int[] k, int[] s, int[] p, int[] d, boolean ceil) {
        if (x.dtype() != DType.FLOAT32 || x.dim() != 4 || k == null || s == null || p == null || d == null) return false;
        if (k.length != 2 || s.length != 2 || p.length != 2 || d.length != 2) return false;
        int h = x.size(2), w = x.size(3);
        return k[0] == 2 && k[1] == 2 && s[0] == 2 && s[1] == 2 && p[0] == 0 && p[1] == 0 && d[0] == 1 && d[1] == 1
                && h >= 2 && w >= 2 && (!ceil || (h % 2 == 0 && w % 2 == 0));
    }

    /** Max over each 2×2 window of x [N, C, H, W] (not modified): [N, C, H/2, W/2]. */
    static Tensor forward(Tensor x) {
        int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3), oh = h / 2, ow = w / 2, planes = n * c;
        Tensor xc = x.contiguous();
        float[] xf = xc.storage().floats();
        int xo = xc.offset();
        Tensor y = Tensor.empty(DType.FLOAT32, n, c, oh, ow);
        float[] yf = y.storage().floats();
        byte[] pos = new byte[planes * oh * ow];
        boolean vector = VECTOR && h % 2 == 0 && w % 2 == 0, warmedUp = pooled >= WARM_PLANES, mixing = pooled >= SCALAR_ONLY_PLANES;
        pooled = (int) Math.min(Integer.MAX_VALUE, (long) pooled + planes);
        Parallel.forRange(planes, 4, (p0, p1) -> {
            float[] scratch = vector ? scratch(h * w) : null;
            for (int pl = p0; pl < p1; pl++)
                if (vector && (warmedUp || mixing && pl % WARM_VECTOR_EVERY == 0)) plane(xf, xo + pl * h * w, h, w, yf, pos, pl * oh * ow, scratch);
                else planeScalar(xf, xo + pl * h * w, h, w, yf, pos, pl * oh * ow);
        });
        int[] inShape = x.shape();
        if (Autograd.needs(x)) Autograd.record("max_pool2d", y, g -> new Tensor[]{backward(g, pos, inShape)}, x);
        return y;
    }

    /** The definition: one [h, w] plane at xb into y and pos at yb, window by window, cells in row-major order. */
    static void planeScalar(float[] x, int xb, int h, int w, float[] y, byte[] pos, int yb) {
        int oh = h / 2, ow = w / 2;
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++) {
                int a = xb + 2 * i * w + 2 * j;
                float best = x[a];
                int arg = 0;
                for (int cell = 1; cell < 4; cell++) {
                    float v = x[a + (cell >> 1) * w + (cell & 1)];
                    if (v > best || v != v) { best = v; arg = cell; }
                }
                y[yb + i * ow + j] = best;
                pos[yb + i * ow + j] = (byte) arg;
            }
    }

    /**
     * One plane (h and w even) in two vector passes, branch-free (which window cell wins is a coin
     * flip on real data: the scalar loop's mispredictions made it 7% of the CNN step, for a pass
     * over memory). Rows are too narrow for vectors (14 and 7 windows in the CNN), so both passes
     * run over the plane as one flat array. First each horizontal pair (x[2q], x[2q+1]) — pairs
     * never straddle rows when w is even — keeps its winner and 0/1; then each pair of those rows
     * (top, bottom) keeps its winner and top arg or bottom arg + 2. Pair by pair the rule "take the
     * later cell when it is larger or NaN" picks the same cell as the row-major scan: the first of
     * equal maxima, the last NaN.
     */
    static void plane(float[] x, int xb, int h, int w, float[] y, byte[] pos, int yb, float[] s) {
        int vl = F.length(), half = h * w / 2, ow = w / 2, oh = h / 2, outLen = oh * ow;
        int hArg = half + vl, outVal = hArg + half + vl, outArg = outVal + outLen + vl;   // scratch regions, each with a vector of slack
        FloatVector zero = FloatVector.zero(F), one = FloatVector.broadcast(F, 1f), two = FloatVector.broadcast(F, 2f);
        int q = 0;
        for (; q + vl <= half; q += vl) {
            FloatVector lo = FloatVector.fromArray(F, x, xb + 2 * q), hi = FloatVector.fromArray(F, x, xb + 2 * q + vl);
            FloatVector l = lo.rearrange(EVEN, hi), r = lo.rearrange(ODD, hi);
            VectorMask<Float> take = r.compare(VectorOperators.GT, l).or(r.test(VectorOperators.IS_NAN));
            l.blend(r, take).intoArray(s, q);
            zero.blend(one, take).intoArray(s, hArg + q);
        }
        for (; q < half; q++) {
            float l = x[xb + 2 * q], r = x[xb + 2 * q + 1];
            boolean take = r > l || r != r;
            s[q] = take ? r : l;
            s[hArg + q] = take ? 1f : 0f;
        }
        // whole vectors per output row: the lanes past a row land on the next row's cells, which are written after
        for (int k = 0; k < oh; k++)
            for (int j = 0; j < ow; j += vl) {
                int t = 2 * k * ow + j, b = t + ow;
                FloatVector top = FloatVector.fromArray(F, s, t), bottom = FloatVector.fromArray(F, s, b);
                VectorMask<Float> take = bottom.compare(VectorOperators.GT, top).or(bottom.test(VectorOperators.IS_NAN));
                top.blend(bottom, take).intoArray(s, outVal + k * ow + j);
                FloatVector.fromArray(F, s, hArg + t).blend(FloatVector.fromArray(F, s, hArg + b).add(two), take).intoArray(s, outArg + k * ow + j);
            }
        System.arraycopy(s, outVal, y, yb, outLen);
        int o = 0;
        for (; o + vl <= outLen; o += vl)
            ((ByteVector) FloatVector.fromArray(F, s, outArg + o).convertShape(VectorOperators.F2B, BYTES, 0)).intoArray(pos, yb + o);
        for (; o < outLen; o++) pos[yb + o] = (byte) s[outArg + o];
    }

    /** This thread's scratch for one plane of {@code planeSize} floats (contents undefined). */
    static float[] scratch(int planeSize) {
        int need = 2 * planeSize + 4 * F.length();
        float[] s = SCRATCH.get();
        if (s.length < need) { s = new float[need]; SCRATCH.set(s); }
        return s;
    }

    /**
     * Routes g [N, C, H/2, W/2] to the winning cell of each window of a zero [N, C, H, W]. When the
     * gradient itself needs a graph (double backward) it goes through the general, differentiable
     * scatter with int64 indices.
     */
    static Tensor backward(Tensor g, byte[] pos, int[] inShape) {
        int h = inShape[2], w = inShape[3], oh = h / 2, ow = w / 2, planes = inShape[0] * inShape[1];
        if (Autograd.needs(g)) return Pool.scatterPlanes(g, indices(pos, planes, w, oh, ow), inShape);
        Tensor gc = g.contiguous();
        float[] gf = gc.storage().floats();
        int go = gc.offset();
        Tensor gx = Tensor.empty(DType.FLOAT32, inShape);   // zeroed: only the winners are written
        float[] out = gx.storage().floats();
        Parallel.forRange(planes, 4, (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++)
                for (int i = 0; i < oh; i++) {
                    int top = pl * h * w + 2 * i * w, o = (pl * oh + i) * ow;
                    for (int j = 0; j < ow; j++) {
                        int arg = pos[o + j];
                        out[top + 2 * j + (arg >> 1) * w + (arg & 1)] = gf[go + o + j];
                    }
                }
        });
        return gx;
    }

    /** The flat in-plane int64 indices (h·W + w) that the general path would have produced. */
    static Tensor indices(byte[] pos, int planes, int w, int oh, int ow) {
        long[] idx = new long[pos.length];
        for (int pl = 0, o = 0; pl < planes; pl++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++, o++) idx[o] = (long) (2 * i + (pos[o] >> 1)) * w + 2 * j + (pos[o] & 1);
        return Tensor.of(idx, planes, oh * ow);
    }
}
