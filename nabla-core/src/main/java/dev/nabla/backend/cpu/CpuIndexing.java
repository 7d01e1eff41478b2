package dev.nabla.backend.cpu;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Storage;
import dev.nabla.tensor.Tensor;

/**
 * gather / scatter of {@link CpuBackend}. The common case is a 1-D index broadcast along every
 * other dim (index_select and its adjoint index_add, e.g. an embedding lookup): then whole rows
 * move with {@code System.arraycopy} or a SIMD add. Anything else walks the index element by element.
 */
final class CpuIndexing {
    private CpuIndexing() {}

    /**
     * True when index varies along dim d only and {@code a} and {@code b} agree with index's shape in
     * every other dim: then dim d splits both into outer × size × inner rows.
     */
    private static boolean rowPattern(Tensor index, int d, Tensor a, Tensor b) {
        int[] is = index.shapeRef(), ist = index.stridesRef(), as = a.shapeRef(), bs = b.shapeRef();
        if (is.length == 0 || as.length != is.length || bs.length != is.length) return false;
        for (int k = 0; k < is.length; k++)
            if (k != d && (ist[k] != 0 && is[k] != 1 || as[k] != is[k] || bs[k] != is[k])) return false;
        return true;
    }

    private static int wrap(long v, int size) { return (int) (v < 0 ? v + size : v); }

    static void gather(Tensor x, int d, Tensor index, Tensor out) {
        if (rowPattern(index, d, x, out) && out.isContiguous()) {
            selectRows(CpuBackend.contiguous(x), d, index, out);
            return;
        }
        Storage xs = x.storage(), os = out.storage();
        int[] ost = out.stridesRef();
        boolean integral = x.dtype().isIntegral();
        forEachIndex(x, d, index, (p, po, off) -> {
            int o = out.offset() + dot(p, ost);
            if (integral) os.setLong(o, xs.getLong(off)); else os.setDouble(o, xs.getDouble(off));
        });
    }

    static void scatter(Tensor src, int d, Tensor index, Tensor out, boolean add) {
        if (add && rowPattern(index, d, src, src) && src.shapeRef()[d] == index.shapeRef()[d] && out.isContiguous()
                && src.dtype() == out.dtype() && sameExcept(out.shapeRef(), index.shapeRef(), d)) {
            addRows(CpuBackend.contiguous(src), d, index, out);
            return;
        }
        Storage ss = src.storage(), os = out.storage();
        int[] sst = src.stridesRef();
        boolean integral = out.dtype().isIntegral();
        forEachIndex(out, d, index, (p, po, off) -> {
            int s = src.offset() + dot(p, sst);
            if (integral) os.setLong(off, (add ? os.getLong(off) : 0) + ss.getLong(s));
            else os.setDouble(off, (add ? os.getDouble(off) : 0) + ss.getDouble(s));
        });
    }

    private static boolean sameExcept(int[] a, int[] b, int d) {
        for (int k = 0; k < a.length; k++) if (k != d && a[k] != b[k]) return false;
        return true;
    }

    private static int dot(int[] idx, int[] strides) {
        int o = 0;
        for (int k = 0; k < idx.length; k++) o += idx[k] * strides[k];
        return o;
    }

    /** Called with the coordinates p of an index element, its position in order, and the target offset with dim d replaced by the index value. */
    private interface IndexBody { void at(int[] p, int pos, int targetOff); }

    private static void forEachIndex(Tensor target, int d, Tensor index, IndexBody body) {
        Storage is = index.storage();
        int[] ish = index.shapeRef(), ist = index.stridesRef(), tst = target.stridesRef();
        int rank = ish.length, n = index.numel();
        int[] ctr = new int[rank];
        int size = target.dim() == 0 ? 1 : target.shapeRef()[d];
        for (int p = 0; p < n; p++) {
            int off = target.offset();
            for (int k = 0; k < rank; k++) if (k != d) off += ctr[k] * tst[k];
            int v = wrap(is.getLong(index.offset() + dot(ctr, ist)), size);
            if (rank > 0) off += v * tst[d];
            body.at(ctr, p, off);
            for (int k = rank - 1; k >= 0; k--) { if (++ctr[k] < ish[k]) break; ctr[k] = 0; }
        }
    }

    /** {@code out[o, i, :] = x[o, index[i], :]} with dim d of the contiguous x split as outer × size × inner. */
    private static void selectRows(Tensor x, int d, Tensor index, Tensor out) {
        int[] s = x.shapeRef();
        int outer = 1, inner = 1, n = out.shapeRef()[d], size = s[d];
        for (int k = 0; k < d; k++) outer *= s[k];
        for (int k = d + 1; k < s.length; k++) inner *= s[k];
        int[] pos = positions(index, d, n, size);
        final int in = inner;
        Storage xs = x.storage(), os = out.storage();
        int xo = x.offset(), oo = out.offset();
        Parallel.forRange(outer * n, Math.max(1, 16384 / Math.max(1, in)), (a, b) -> {
            for (int r = a; r < b; r++) {
                int from = xo + ((r / n) * size + pos[r % n]) * in, to = oo + r * in;
                switch (xs.dtype()) {
                    case FLOAT32 -> System.arraycopy(xs.floats(), from, os.floats(), to, in);
                    case FLOAT64 -> System.arraycopy(xs.doubles(), from, os.doubles(), to, in);
                    case INT64 -> System.arraycopy(xs.longs(), from, os.longs(), to, in);
                    case INT32 -> System.arraycopy(xs.ints(), from, os.ints(), to, in);
                    case BOOL -> System.arraycopy(xs.bools(), from, os.bools(), to, in);
                    case BFLOAT16, FLOAT16 -> System.arraycopy(xs.halves(), from, os.halves(), to, in);
                }
            }
        });
    }

    /** {@code out[o, index[i], :] += src[o, i, :]}: index_select's adjoint. */
    private static void addRows(Tensor src, int d, Tensor index, Tensor out) {
        int[] shape = out.shapeRef();
        int outer = 1, inner = 1, n = src.shapeRef()[d], size = shape[d];
        for (int k = 0; k < d; k++) outer *= shape[k];
        for (int k = d + 1; k < shape.length; k++) inner *= shape[k];
        int[] pos = positions(index, d, n, size);
        final int in = inner;
        Storage ss = src.storage(), os = out.storage();
        int so = src.offset(), oo = out.offset();
        // repeated indices add into the same row, so only the outer dims are split over threads
        Parallel.forRange(outer, Math.max(1, 16384 / Math.max(1, n * in)), (a, b) -> {
            for (int o = a; o < b; o++)
                for (int i = 0; i < n; i++) {
                    int dst = oo + (o * size + pos[i]) * in, from = so + (o * n + i) * in;
                    if (os.dtype() == DType.FLOAT32) FloatKernels.addInto(os.floats(), dst, ss.floats(), from, in);
                    else for (int j = 0; j < in; j++) os.setDouble(dst + j, os.getDouble(dst + j) + ss.getDouble(from + j));
                }
        });
    }

    private static int[] positions(Tensor index, int d, int n, int size) {
        Storage is = index.storage();
        int step = index.stridesRef()[d];
        int[] pos = new int[n];
        for (int i = 0; i < n; i++) pos[i] = wrap(is.getLong(index.offset() + i * step), size);
        return pos;
    }
}
