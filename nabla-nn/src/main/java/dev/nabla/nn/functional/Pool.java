package dev.nabla.nn.functional;

import dev.nabla.autograd.Autograd;
import dev.nabla.backend.cpu.Parallel;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/**
 * Pooling over the last two dims of [N, C, H, W] (1-D pooling runs as H = 1). Max pooling keeps
 * the argmax of every window (flat {@code h·W + w}, like PyTorch) and routes the gradient there;
 * average pooling is a fixed linear map whose backward is its adjoint. Both backward rules are
 * again differentiable (scatter ↔ gather, average ↔ adjoint).
 *
 * <p>float32 is read and written directly (window sums accumulate in double); other floating
 * dtypes compute in float64 and are converted back.
 */
public final class Pool {
    private Pool() {}

    /** Max-pool values and their flat argmax indices (int64) within each [H, W] plane. */
    public record WithIndices(Tensor values, Tensor indices) {}

    /**
     * 2-D max pooling; padding reads as −∞.
     *
     * @param x [N, C, H, W] (not modified)
     * @param kernel, stride, padding, dilation per dim [h, w]; stride null = kernel
     * @param ceilMode round the output size up (the last window must still start inside the input or left padding)
     */
    public static WithIndices maxPool2dWithIndices(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return maxPool("max_pool2d", x, kernel, stride == null ? kernel : stride, padding, dilation, ceilMode);
    }

    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        if (MaxPool2x2.applies(x, kernel, stride == null ? kernel : stride, padding, dilation, ceilMode)) return MaxPool2x2.forward(x);
        return maxPool2dWithIndices(x, kernel, stride, padding, dilation, ceilMode).values();
    }

    /** Square 2-D max pool with stride = kernel, e.g. {@code maxPool2d(x, 2)}. */
    public static Tensor maxPool2d(Tensor x, int kernel) {
        return maxPool2d(x, new int[]{kernel, kernel}, null, new int[]{0, 0}, new int[]{1, 1}, false);
    }

    /** 1-D max pooling of x [N, C, L]. */
    public static Tensor maxPool1d(Tensor x, int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        check3d("max_pool1d", x);
        Tensor y = maxPool("max_pool1d", x.unsqueeze(2), new int[]{1, kernel}, new int[]{1, stride}, new int[]{0, padding},
                new int[]{1, dilation}, ceilMode).values();
        return y.squeeze(2);
    }

    /**
     * 2-D average pooling. Divisor: {@code divisorOverride} if non-null; else with
     * {@code countIncludePad} the window clipped to the padded input (cells added by ceil mode do not
     * count); else the number of real input cells in the window.
     */
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
                                   boolean countIncludePad, Integer divisorOverride) {
        String op = "avg_pool2d";
        int[] s = stride == null ? kernel : stride;
        int[] hw = plane(op, x);
        checkPool(op, kernel, s, padding, new int[]{1, 1});
        if (divisorOverride != null && divisorOverride == 0) throw new IllegalArgumentException(op + ": divisor_override must not be 0");
        int oh = outSize(op, hw[0], kernel[0], s[0], padding[0], 1, ceilMode), ow = outSize(op, hw[1], kernel[1], s[1], padding[1], 1, ceilMode);
        Windows win = new Windows(hw[0], hw[1], oh, ow);
        for (int i = 0; i < oh; i++) {
            int st = i * s[0] - padding[0], en = Math.min(st + kernel[0], hw[0] + padding[0]);
            win.padH[i] = en - st;
            win.h0[i] = Math.max(st, 0);
            win.h1[i] = Math.min(en, hw[0]);
        }
        for (int j = 0; j < ow; j++) {
            int st = j * s[1] - padding[1], en = Math.min(st + kernel[1], hw[1] + padding[1]);
            win.padW[j] = en - st;
            win.w0[j] = Math.max(st, 0);
            win.w1[j] = Math.min(en, hw[1]);
        }
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
                win.div[i * ow + j] = divisorOverride != null ? divisorOverride
                        : countIncludePad ? win.padH[i] * win.padW[j] : (win.h1[i] - win.h0[i]) * (win.w1[j] - win.w0[j]);
        return windowAverage(x, win);
    }

    /** Square average pool with stride = kernel, no padding. */
    public static Tensor avgPool2d(Tensor x, int kernel) {
        return avgPool2d(x, new int[]{kernel, kernel}, null, new int[]{0, 0}, false, true, null);
    }

    /** 1-D average pooling of x [N, C, L]. */
    public static Tensor avgPool1d(Tensor x, int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        check3d("avg_pool1d", x);
        return avgPool2d(x.unsqueeze(2), new int[]{1, kernel}, new int[]{1, stride}, new int[]{0, padding}, ceilMode, countIncludePad, null).squeeze(2);
    }

    /** Average pooling to a fixed output size: window i spans [floor(i·in/out), ceil((i+1)·in/out)). */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        int[] hw = plane("adaptive_avg_pool2d", x);
        if (outH < 1 || outW < 1) throw new IllegalArgumentException("adaptive_avg_pool2d: output size must be positive, got [" + outH + ", " + outW + "]");
        Windows win = new Windows(hw[0], hw[1], outH, outW);
        for (int i = 0; i < outH; i++) { win.h0[i] = Math.floorDiv(i * hw[0], outH); win.h1[i] = -Math.floorDiv(-(i + 1) * hw[0], outH); }
        for (int j = 0; j < outW; j++) { win.w0[j] = Math.floorDiv(j * hw[1], outW); win.w1[j] = -Math.floorDiv(-(j + 1) * hw[1], outW); }
        for (int i = 0; i < outH; i++)
            for (int j = 0; j < outW; j++) win.div[i * outW + j] = (win.h1[i] - win.h0[i]) * (win.w1[j] - win.w0[j]);
        return windowAverage(x, win);
    }

    /** Mean over H and W: [N, C, H, W] to [N, C]. */
    public static Tensor globalAvgPool2d(Tensor x) {
        plane("global_avg_pool2d", x);
        return x.mean(new int[]{2, 3}, false);
    }

    /** Max over H and W: [N, C, H, W] to [N, C]. */
    public static Tensor globalMaxPool2d(Tensor x) {
        plane("global_max_pool2d", x);
        return x.amax(new int[]{2, 3}, false);
    }

    // ------------------------------------------------------------------ max

    private static WithIndices maxPool(String op, Tensor x, int[] k, int[] s, int[] p, int[] d, boolean ceil) {
        int[] hw = plane(op, x);
        checkPool(op, k, s, p, d);
        int h = hw[0], w = hw[1];
        int oh = outSize(op, h, k[0], s[0], p[0], d[0], ceil), ow = outSize(op, w, k[1], s[1], p[1], d[1], ceil);
        int planes = x.size(0) * x.size(1);
        Tensor xc = x.contiguous();
        int[] outShape = {x.size(0), x.size(1), oh, ow};
        Tensor indices = Tensor.empty(DType.INT64, outShape);
        long[] idx = indices.storage().longs();
        Tensor y = Tensor.empty(x.dtype(), outShape);
        boolean f32 = x.dtype() == DType.FLOAT32;
        float[] xf = f32 ? xc.storage().floats() : null, yf = f32 ? y.storage().floats() : null;
        double[] xd = f32 ? null : xc.toDoubleArray(), yd = f32 ? null : new double[idx.length];
        int xo = f32 ? xc.offset() : 0;
        Parallel.forRange(planes, 4, (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        int base = xo + pl * h * w, r0 = i * s[0] - p[0], c0 = j * s[1] - p[1];
                        int arg = f32 ? argmax(xf, base, h, w, r0, c0, k, d) : argmax(xd, base, h, w, r0, c0, k, d);
                        double best = arg < 0 ? Double.NEGATIVE_INFINITY : f32 ? xf[base + arg] : xd[base + arg];
                        int o = (pl * oh + i) * ow + j;
                        idx[o] = arg;
                        if (f32) yf[o] = (float) best; else yd[o] = best;
                    }
        });
        if (!f32) y = Tensor.of(yd, y.shapeRef()).to(x.dtype());
        int[] inShape = x.shape();
        if (Autograd.needs(x)) Autograd.record(op, y, g -> new Tensor[]{scatterPlanes(g, indices, inShape)}, x);
        return new WithIndices(y, indices);
    }

    /**
     * Flat index (r·w + c) of the largest cell of the window starting at (r0, c0) inside one
     * [h, w] plane at {@code base}. As in PyTorch's CPU kernel, a NaN always takes over (so the last
     * NaN wins) and the first of equal maxima is kept. Small on purpose, so the JIT compiles and
     * inlines it early.
     */
    private static int argmax(float[] x, int base, int h, int w, int r0, int c0, int[] k, int[] d) {
        int arg = -1;
        float best = Float.NEGATIVE_INFINITY;
        for (int a = 0; a < k[0]; a++) {
            int r = r0 + a * d[0];
            if (r < 0 || r >= h) continue;
            for (int b = 0; b < k[1]; b++) {
                int c = c0 + b * d[1];
                if (c < 0 || c >= w) continue;
                float v = x[base + r * w + c];
                // written as selects so C2 can use conditional moves: on random data the branch is a coin flip
                boolean take = v > best || v != v || arg < 0;
                best = take ? v : best;
                arg = take ? r * w + c : arg;
            }
        }
        return arg;
    }

    /**
     * The float64 twin of {@link #argmax(float[], int, int, int, int, int, int[], int[])}, GENERATED
     * from it by substituting float→double, Float→Double: edit the float one and regenerate (a shared
     * double path would cost the float32 pool a conversion of its whole input).
     */
    private static int argmax(double[] x, int base, int h, int w, int r0, int c0, int[] k, int[] d) {
        int arg = -1;
        double best = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < k[0]; a++) {
            int r = r0 + a * d[0];
            if (r < 0 || r >= h) continue;
            for (int b = 0; b < k[1]; b++) {
                int c = c0 + b * d[1];
                if (c < 0 || c >= w) continue;
                double v = x[base + r * w + c];
                // written as selects so C2 can use conditional moves: on random data the branch is a coin flip
                boolean take = v > best || v != v || arg < 0;
                best = take ? v : best;
                arg = take ? r * w + c : arg;
            }
        }
        return arg;
    }

    /** Adds g[n, c, i, j] into a zero [N, C, H, W] at plane cell indices[n, c, i, j]: the max-pool backward. */
    static Tensor scatterPlanes(Tensor g, Tensor indices, int[] inShape) {
        int planeIn = inShape[2] * inShape[3], planeOut = g.size(2) * g.size(3), planes = inShape[0] * inShape[1];
        long[] idx = indices.storage().longs();
        Tensor gx;
        if (g.dtype() == DType.FLOAT32) {
            Tensor gc = g.contiguous();
            float[] gf = gc.storage().floats();
            gx = Tensor.empty(g.dtype(), inShape);
            float[] out = gx.storage().floats();
            int go = gc.offset();
            Parallel.forRange(planes, 4, (p0, p1) -> {
                for (int pl = p0; pl < p1; pl++)
                    for (int o = 0; o < planeOut; o++) out[pl * planeIn + (int) idx[pl * planeOut + o]] += gf[go + pl * planeOut + o];
            });
        } else {
            double[] gd = g.contiguous().toDoubleArray(), out = new double[Shapes.numel(inShape)];
            for (int pl = 0; pl < planes; pl++)
                for (int o = 0; o < planeOut; o++) out[pl * planeIn + (int) idx[pl * planeOut + o]] += gd[pl * planeOut + o];
            gx = Tensor.of(out, inShape).to(g.dtype());
        }
        int[] outShape = g.shape();
        if (Autograd.needs(g)) Autograd.record("max_pool_backward", gx, gg -> new Tensor[]{gatherPlanes(gg, indices, outShape)}, g);
        return gx;
    }

    /** out[n, c, i, j] = src[n, c, indices[n, c, i, j]]: the adjoint of {@link #scatterPlanes}. */
    static Tensor gatherPlanes(Tensor src, Tensor indices, int[] outShape) {
        int planeIn = src.size(2) * src.size(3), planeOut = outShape[2] * outShape[3];
        double[] sd = src.contiguous().toDoubleArray(), out = new double[Shapes.numel(outShape)];
        long[] idx = indices.storage().longs();
        for (int o = 0; o < out.length; o++) out[o] = sd[(o / planeOut) * planeIn + (int) idx[o]];
        Tensor y = Tensor.of(out, outShape).to(src.dtype());
        int[] inShape = src.shape();
        if (Autograd.needs(src)) Autograd.record("max_pool_gather", y, g -> new Tensor[]{scatterPlanes(g, indices, inShape)}, src);
        return y;
    }

    // ------------------------------------------------------------------ average (a linear map)

    /** Separable windows [h0, h1) × [w0, w1) over the real input, with a divisor per output cell. */
    private static final class Windows {
        final int h, w, oh, ow;
        final int[] h0, h1, w0, w1, padH, padW;
        final double[] div;

        Windows(int h, int w, int oh, int ow) {
            this.h = h; this.w = w; this.oh = oh; this.ow = ow;
            h0 = new int[oh]; h1 = new int[oh]; padH = new int[oh];
            w0 = new int[ow]; w1 = new int[ow]; padW = new int[ow];
            div = new double[oh * ow];
        }
    }

    private static Tensor windowAverage(Tensor x, Windows win) {
        int planes = x.size(0) * x.size(1);
        Tensor xc = x.contiguous();
        boolean f32 = x.dtype() == DType.FLOAT32;
        float[] xf = f32 ? xc.storage().floats() : null;
        double[] xd = f32 ? null : xc.toDoubleArray();
        int xo = f32 ? xc.offset() : 0;
        Tensor y = Tensor.empty(f32 ? DType.FLOAT32 : DType.FLOAT64, x.size(0), x.size(1), win.oh, win.ow);
        float[] yf = f32 ? y.storage().floats() : null;
        double[] yd = f32 ? null : y.storage().doubles();
        Parallel.forRange(planes, 4, (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++)
                for (int i = 0; i < win.oh; i++)
                    for (int j = 0; j < win.ow; j++) {
                        double sum = 0;
                        for (int r = win.h0[i]; r < win.h1[i]; r++) {
                            int row = xo + (pl * win.h + r) * win.w;
                            for (int c = win.w0[j]; c < win.w1[j]; c++) sum += f32 ? xf[row + c] : xd[row + c];
                        }
                        int o = (pl * win.oh + i) * win.ow + j;
                        double v = sum / win.div[i * win.ow + j];
                        if (f32) yf[o] = (float) v; else yd[o] = v;
                    }
        });
        if (y.dtype() != x.dtype()) y = y.to(x.dtype());
        if (Autograd.needs(x)) Autograd.record("avg_pool", y, g -> new Tensor[]{windowAverageAdjoint(g, win)}, x);
        return y;
    }

    private static Tensor windowAverageAdjoint(Tensor g, Windows win) {
        int planes = g.size(0) * g.size(1);
        Tensor gc = g.contiguous();
        boolean f32 = g.dtype() == DType.FLOAT32;
        float[] gf = f32 ? gc.storage().floats() : null;
        double[] gd = f32 ? null : gc.toDoubleArray();
        int go = f32 ? gc.offset() : 0;
        Tensor gx = Tensor.empty(f32 ? DType.FLOAT32 : DType.FLOAT64, g.size(0), g.size(1), win.h, win.w);
        float[] xf = f32 ? gx.storage().floats() : null;
        double[] xd = f32 ? null : gx.storage().doubles();
        Parallel.forRange(planes, 4, (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++)
                for (int i = 0; i < win.oh; i++)
                    for (int j = 0; j < win.ow; j++) {
                        int o = (pl * win.oh + i) * win.ow + j;
                        double v = (f32 ? gf[go + o] : gd[o]) / win.div[i * win.ow + j];
                        for (int r = win.h0[i]; r < win.h1[i]; r++) {
                            int row = (pl * win.h + r) * win.w;
                            if (f32) for (int c = win.w0[j]; c < win.w1[j]; c++) xf[row + c] += (float) v;
                            else for (int c = win.w0[j]; c < win.w1[j]; c++) xd[row + c] += v;
                        }
                    }
        });
        if (gx.dtype() != g.dtype()) gx = gx.to(g.dtype());
        if (Autograd.needs(g)) Autograd.record("avg_pool_backward", gx, gg -> new Tensor[]{windowAverage(gg, win)}, g);
        return gx;
    }

    // ------------------------------------------------------------------ shape rules

    private static int[] plane(String op, Tensor x) {
        if (x.dim() != 4)
            throw new IllegalArgumentException(op + ": input of shape " + Shapes.str(x.shapeRef()) + " must be 4-D [N, C, H, W]");
        if (!x.dtype().isFloating()) throw new IllegalArgumentException(op + ": input must be floating point, got " + x.dtype());
        return new int[]{x.size(2), x.size(3)};
    }

    private static void check3d(String op, Tensor x) {
        if (x.dim() != 3) throw new IllegalArgumentException(op + ": input of shape " + Shapes.str(x.shapeRef()) + " must be 3-D [N, C, L]");
    }

    private static void checkPool(String op, int[] k, int[] s, int[] p, int[] d) {
        for (int[] a : new int[][]{k, s, p, d})
            if (a == null || a.length != 2)
                throw new IllegalArgumentException(op + ": kernel, stride, padding and dilation need 2 values each, got "
                        + Arrays.toString(k) + ", " + Arrays.toString(s) + ", " + Arrays.toString(p) + ", " + Arrays.toString(d));
        for (int i = 0; i < 2; i++) {
            if (k[i] < 1 || s[i] < 1 || d[i] < 1 || p[i] < 0)
                throw new IllegalArgumentException(op + ": need kernel, stride, dilation >= 1 and padding >= 0, got kernel " + Arrays.toString(k)
                        + ", stride " + Arrays.toString(s) + ", padding " + Arrays.toString(p) + ", dilation " + Arrays.toString(d));
            if (2 * p[i] > k[i])
                throw new IllegalArgumentException(op + ": padding " + Arrays.toString(p) + " must be at most half the kernel " + Arrays.toString(k));
        }
    }

    /** floor (or ceil) of (in + 2p − d(k−1) − 1)/s + 1; with ceil mode the last window must start inside input or left padding. */
    static int outSize(String op, int in, int k, int s, int p, int d, boolean ceil) {
        int num = in + 2 * p - d * (k - 1) - 1;
        int out = (ceil ? -Math.floorDiv(-num, s) : Math.floorDiv(num, s)) + 1;
        if (ceil && (out - 1) * s >= in + p) out--;
        if (out < 1)
            throw new IllegalArgumentException(op + ": kernel " + k + " (dilation " + d + ") with padding " + p + " does not fit input size " + in);
        return out;
    }
}
