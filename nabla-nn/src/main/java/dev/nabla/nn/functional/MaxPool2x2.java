package dev.nabla.nn.functional;

import dev.nabla.autograd.Autograd;
import dev.nabla.backend.cpu.Parallel;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

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
        Parallel.forRange(planes, 4, (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++)
                for (int i = 0; i < oh; i++) {
                    int top = xo + pl * h * w + 2 * i * w, out = (pl * oh + i) * ow;
                    for (int j = 0; j < ow; j++) {
                        int a = top + 2 * j;
                        float best = xf[a];
                        int arg = 0;
                        // selects, not branches: on real data which cell wins is a coin flip
                        float v = xf[a + 1];
                        boolean take = v > best || v != v;
                        best = take ? v : best; arg = take ? 1 : arg;
                        v = xf[a + w];
                        take = v > best || v != v;
                        best = take ? v : best; arg = take ? 2 : arg;
                        v = xf[a + w + 1];
                        take = v > best || v != v;
                        best = take ? v : best; arg = take ? 3 : arg;
                        yf[out + j] = best;
                        pos[out + j] = (byte) arg;
                    }
                }
        });
        int[] inShape = x.shape();
        if (Autograd.needs(x)) Autograd.record("max_pool2d", y, g -> new Tensor[]{backward(g, pos, inShape)}, x);
        return y;
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
