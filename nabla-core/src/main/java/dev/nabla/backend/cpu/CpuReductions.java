package dev.nabla.backend.cpu;

import dev.nabla.ops.ReduceOp;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Storage;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Reductions, softmax, cumsum and argsort of {@link CpuBackend}: the reduced dims are moved last and made
 * contiguous, so every output element reduces one contiguous row (SIMD for float32 sum and max);
 * reducing the leading dims of a contiguous float32 tensor (a bias gradient) adds whole rows instead.
 */
final class CpuReductions {
    private CpuReductions() {}

    static void reduce(ReduceOp kind, Tensor x, int[] dims, Tensor out) {
        int rank = x.dim();
        int[] shape = x.shapeRef(), strides = x.stridesRef();
        boolean[] red = new boolean[rank];
        for (int d : dims) red[d] = true;
        // permute kept dims first, reduced dims last, then reduce contiguous rows
        int[] pShape = new int[rank], pStrides = new int[rank];
        int c = 0;
        for (int k = 0; k < rank; k++) if (!red[k]) { pShape[c] = shape[k]; pStrides[c++] = strides[k]; }
        for (int k = 0; k < rank; k++) if (red[k]) { pShape[c] = shape[k]; pStrides[c++] = strides[k]; }
        int outerAcc = 1, innerAcc = 1;
        for (int k = 0; k < rank; k++) { if (red[k]) innerAcc *= shape[k]; else outerAcc *= shape[k]; }
        final int outer = outerAcc, inner = innerAcc;
        if (x.dtype() == DType.FLOAT32 && kind == ReduceOp.SUM && x.isContiguous() && leading(dims) && inner > 1 && outer > 1) {
            // reducing leading dims of a contiguous tensor: accumulate rows (e.g. a bias gradient)
            float[] xf = x.storage().floats(), of = out.storage().floats();
            int xo = x.offset(), oo = out.offset(), cols = outer;
            Parallel.forRange(cols, 4096, (s, e) -> {
                for (int r = 0; r < inner; r++) FloatKernels.addInto(of, oo + s, xf, xo + r * cols + s, e - s);
            });
            return;
        }
        // reducing everything needs no reordering
        Tensor xp = dims.length == rank ? x : Tensor.view(x, pShape, pStrides, x.offset());
        Tensor xc = CpuBackend.contiguous(xp);
        if (kind.isArg()) argRows(kind == ReduceOp.ARGMAX, xc, outer, inner, out);
        else rowReduce(kind, xc, outer, inner, out);
    }

    private static boolean leading(int[] dims) {
        for (int k = 0; k < dims.length; k++) if (dims[k] != k) return false;
        return true;
    }

    private static void rowReduce(ReduceOp kind, Tensor xp, int outer, int inner, Tensor out) {
        Storage xs = xp.storage(), os = out.storage();
        int xo = xp.offset(), oo = out.offset();
        boolean f32 = xp.dtype() == DType.FLOAT32;
        Parallel.forRange(outer, Math.max(1, 32768 / Math.max(inner, 1)), (s, e) -> {
            for (int r = s; r < e; r++) {
                int base = xo + r * inner;
                double acc;
                if (f32 && kind == ReduceOp.SUM) acc = FloatKernels.sum(xs.floats(), base, inner);
                else if (f32 && kind == ReduceOp.MAX && inner > 0 && !hasNaN(xs.floats(), base, inner)) acc = FloatKernels.max(xs.floats(), base, inner);
                else acc = scalarReduce(kind, xs, base, inner);
                os.setDouble(oo + r, acc);
            }
        });
    }

    private static boolean hasNaN(float[] x, int o, int n) {
        for (int i = 0; i < n; i++) if (x[o + i] != x[o + i]) return true;
        return false;
    }

    private static double scalarReduce(ReduceOp kind, Storage xs, int base, int n) {
        switch (kind) {
            case SUM -> { double a = 0; for (int i = 0; i < n; i++) a += xs.getDouble(base + i); return a; }
            case PROD -> { double a = 1; for (int i = 0; i < n; i++) a *= xs.getDouble(base + i); return a; }
            case MAX, MIN -> {
                double a = xs.getDouble(base);
                for (int i = 1; i < n; i++) {
                    double v = xs.getDouble(base + i);
                    if (v != v) return v;
                    a = kind == ReduceOp.MAX ? Math.max(a, v) : Math.min(a, v);
                }
                return a;
            }
            case ALL -> { for (int i = 0; i < n; i++) if (xs.getDouble(base + i) == 0) return 0; return 1; }
            case ANY -> { for (int i = 0; i < n; i++) if (xs.getDouble(base + i) != 0) return 1; return 0; }
            default -> throw new AssertionError(kind);
        }
    }

    /** Index of the first extreme of each row; a NaN is the extreme and ends the scan. */
    private static void argRows(boolean max, Tensor xp, int outer, int inner, Tensor out) {
        Storage xs = xp.storage();
        long[] ol = out.storage().longs();
        int xo = xp.offset(), oo = out.offset();
        for (int r = 0; r < outer; r++) {
            int base = xo + r * inner, best = 0;
            double bv = xs.getDouble(base);
            for (int i = 1; i < inner && bv == bv; i++) {
                double v = xs.getDouble(base + i);
                if (v != v || (max ? v > bv : v < bv)) { bv = v; best = i; }
            }
            ol[oo + r] = best;
        }
    }

    static void softmax(Tensor x, boolean log, Tensor out) {
        Tensor xt = CpuBackend.contiguous(x);
        Tensor yt = out.isContiguous() ? out : Tensor.empty(out.dtype(), out.shapeRef());
        int inner = xt.shapeRef()[xt.dim() - 1], outer = inner == 0 ? 0 : xt.numel() / inner;
        Storage xs = xt.storage(), ys = yt.storage();
        int xo = xt.offset(), yo = yt.offset();
        boolean f32 = x.dtype() == DType.FLOAT32;
        Parallel.forRange(outer, Math.max(1, 16384 / Math.max(inner, 1)), (s, e) -> {
            for (int r = s; r < e; r++) {
                if (f32) FloatKernels.softmaxRow(xs.floats(), xo + r * inner, ys.floats(), yo + r * inner, inner, log);
                else softmaxRowGeneric(xs, xo + r * inner, ys, yo + r * inner, inner, log);
            }
        });
        if (yt != out) CpuElementwise.copy(yt, out);
    }

    private static void softmaxRowGeneric(Storage xs, int xo, Storage ys, int yo, int n, boolean log) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) m = Math.max(m, xs.getDouble(xo + i));
        if (m == Double.NEGATIVE_INFINITY) m = 0;
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.exp(xs.getDouble(xo + i) - m);
        double ls = Math.log(s);
        for (int i = 0; i < n; i++) {
            double v = xs.getDouble(xo + i) - m;
            ys.setDouble(yo + i, log ? v - ls : Math.exp(v - ls));
        }
    }

    static void cumsum(Tensor x, Tensor out) {
        Tensor xt = CpuBackend.contiguous(x);
        Tensor ot = out.isContiguous() ? out : Tensor.empty(out.dtype(), out.shapeRef());
        int inner = xt.shapeRef()[xt.dim() - 1], outer = inner == 0 ? 0 : xt.numel() / inner;
        Storage xs = xt.storage(), os = ot.storage();
        int xo = xt.offset(), oo = ot.offset();
        boolean floating = ot.dtype().isFloating();
        for (int r = 0; r < outer; r++) {
            double acc = 0;
            long lacc = 0;
            for (int i = 0; i < inner; i++) {
                int k = r * inner + i;
                if (floating) { acc += xs.getDouble(xo + k); os.setDouble(oo + k, acc); }
                else { lacc += xs.getLong(xo + k); os.setLong(oo + k, lacc); }
            }
        }
        if (ot != out) CpuElementwise.copy(ot, out);
    }

    static void argsort(Tensor x, boolean descending, Tensor indices) {
        Tensor xt = CpuBackend.contiguous(x);
        Tensor it = indices.isContiguous() ? indices : Tensor.empty(DType.INT64, indices.shapeRef());
        int n = xt.shapeRef()[xt.dim() - 1], rows = n == 0 ? 0 : xt.numel() / n;
        long[] il = it.storage().longs();
        Storage xs = xt.storage();
        int io = it.offset();
        Integer[] order = new Integer[n];
        for (int r = 0; r < rows; r++) {
            int base = xt.offset() + r * n;
            for (int i = 0; i < n; i++) order[i] = i;
            // Double.compare puts NaN above +inf; Arrays.sort on objects is stable
            Comparator<Integer> cmp = (i, j) -> Double.compare(xs.getDouble(base + i), xs.getDouble(base + j));
            Arrays.sort(order, descending ? cmp.reversed() : cmp);
            for (int i = 0; i < n; i++) il[io + r * n + i] = order[i];
        }
        if (it != indices) CpuElementwise.copy(it, indices);
    }
}
