package dev.nabla.backend.cpu;

import dev.nabla.ops.BinaryOp;
import dev.nabla.ops.UnaryOp;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Storage;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/**
 * The elementwise kernels of {@link CpuBackend}: float32 goes to the SIMD rows of
 * {@link FloatKernels} (tiny contiguous tensors straight to the row kernel, skipping the strided
 * walk), strided and broadcast operands through {@link Loops#forEachRow}, float64 and integers
 * through the scalar definitions of the op enums.
 */
final class CpuElementwise {
    private CpuElementwise() {}

    static void unary(UnaryOp op, Tensor x, Tensor out) {
        Storage xs = x.storage(), os = out.storage();
        int[][] strides = {out.stridesRef(), x.stridesRef()};
        int[] offs = {out.offset(), x.offset()};
        if (x.dtype() == DType.FLOAT32) {
            float[] xf = xs.floats(), of = os.floats();
            if (x.isContiguous() && out.isContiguous() && x.numel() <= Loops.PARALLEL_GRAIN) {
                FloatKernels.unaryRow(op, xf, x.offset(), 1, of, out.offset(), x.numel());
                return;
            }
            Loops.forEachRow(out.shapeRef(), strides, offs, (o, st, n) -> {
                if (st[0] == 1) FloatKernels.unaryRow(op, xf, o[1], st[1], of, o[0], n);
                else for (int i = 0; i < n; i++) of[o[0] + i * st[0]] = (float) op.apply(xf[o[1] + i * st[1]]);
            });
        } else if (x.dtype().isFloating()) {
            Loops.forEachRow(out.shapeRef(), strides, offs, (o, st, n) -> {
                for (int i = 0; i < n; i++) os.setDouble(o[0] + i * st[0], op.apply(xs.getDouble(o[1] + i * st[1])));
            });
        } else {
            Loops.forEachRow(out.shapeRef(), strides, offs, (o, st, n) -> {
                for (int i = 0; i < n; i++) os.setLong(o[0] + i * st[0], op.applyLong(xs.getLong(o[1] + i * st[1])));
            });
        }
    }

    static void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] shape = out.shapeRef();
        Storage as = a.storage(), bs = b.storage(), os = out.storage();
        DType ct = a.dtype();
        if (ct == DType.FLOAT32 && op.kind == BinaryOp.Kind.ARITH) {
            float[] af = as.floats(), bf = bs.floats(), of = os.floats();
            int n = out.numel();
            if (n <= Loops.PARALLEL_GRAIN && out.isContiguous()) {
                // a contiguous operand with the output's element count has the output's linear layout
                // (its broadcast dims are all of size 1); a one-element operand is a stride-0 row
                int sa = rowStride(a, n), sb = rowStride(b, n);
                if (sa >= 0 && sb >= 0 && (sa == 1 || sb == 1 || n == 1)) {
                    FloatKernels.binaryRow(op, af, a.offset(), sa, bf, b.offset(), sb, of, out.offset(), n);
                    return;
                }
            }
            Loops.forEachRow(shape, strides3(a, b, out), new int[]{out.offset(), a.offset(), b.offset()}, (o, st, m) -> {
                if (st[0] == 1) FloatKernels.binaryRow(op, af, o[1], st[1], bf, o[2], st[2], of, o[0], m);
                else for (int i = 0; i < m; i++) of[o[0] + i * st[0]] = (float) op.apply(af[o[1] + i * st[1]], bf[o[2] + i * st[2]]);
            });
        } else if (ct.isFloating()) {
            Loops.forEachRow(shape, strides3(a, b, out), new int[]{out.offset(), a.offset(), b.offset()}, (o, st, m) -> {
                for (int i = 0; i < m; i++)
                    os.setDouble(o[0] + i * st[0], op.apply(as.getDouble(o[1] + i * st[1]), bs.getDouble(o[2] + i * st[2])));
            });
        } else {
            Loops.forEachRow(shape, strides3(a, b, out), new int[]{out.offset(), a.offset(), b.offset()}, (o, st, m) -> {
                for (int i = 0; i < m; i++)
                    os.setLong(o[0] + i * st[0], op.applyLong(as.getLong(o[1] + i * st[1]), bs.getLong(o[2] + i * st[2])));
            });
        }
    }

    /** {@code out = x * y + z}: float32 through {@link FloatKernels#fmaRow}, float64 with {@link Math#fma}. */
    static void fma(Tensor x, Tensor y, Tensor z, Tensor out) {
        int[] shape = out.shapeRef();
        int[] offs = {out.offset(), x.offset(), y.offset(), z.offset()};
        if (out.dtype() == DType.FLOAT32) {
            float[] xf = x.storage().floats(), yf = y.storage().floats(), zf = z.storage().floats(), of = out.storage().floats();
            int n = out.numel();
            if (n <= Loops.PARALLEL_GRAIN && out.isContiguous()) {
                int sx = rowStride(x, n), sy = rowStride(y, n), sz = rowStride(z, n);
                if (sx >= 0 && sy >= 0 && sz >= 0) {
                    FloatKernels.fmaRow(xf, x.offset(), sx, yf, y.offset(), sy, zf, z.offset(), sz, of, out.offset(), n);
                    return;
                }
            }
            int[][] strides = {out.stridesRef(), bcast(x, shape), bcast(y, shape), bcast(z, shape)};
            Loops.forEachRow(shape, strides, offs, (o, st, m) -> {
                if (st[0] == 1) FloatKernels.fmaRow(xf, o[1], st[1], yf, o[2], st[2], zf, o[3], st[3], of, o[0], m);
                else for (int i = 0; i < m; i++)
                    of[o[0] + i * st[0]] = Math.fma(xf[o[1] + i * st[1]], yf[o[2] + i * st[2]], zf[o[3] + i * st[3]]);
            });
        } else {
            Storage xs = x.storage(), ys = y.storage(), zs = z.storage(), os = out.storage();
            int[][] strides = {out.stridesRef(), bcast(x, shape), bcast(y, shape), bcast(z, shape)};
            Loops.forEachRow(shape, strides, offs, (o, st, m) -> {
                for (int i = 0; i < m; i++)
                    os.setDouble(o[0] + i * st[0], Math.fma(xs.getDouble(o[1] + i * st[1]),
                            ys.getDouble(o[2] + i * st[2]), zs.getDouble(o[3] + i * st[3])));
            });
        }
    }

    /** 1 when {@code t} reads like a contiguous row of {@code n} elements, 0 when it is one element, else -1. */
    private static int rowStride(Tensor t, int n) {
        int tn = t.numel();
        if (tn == 1) return 0;
        if (tn != n) return -1;
        if (t.isContiguous()) return 1;
        for (int s : t.stridesRef()) if (s != 0) return -1;
        return 0;   // one element expanded to the whole shape
    }

    private static int[][] strides3(Tensor a, Tensor b, Tensor out) {
        int[] shape = out.shapeRef();
        return new int[][]{out.stridesRef(), bcast(a, shape), bcast(b, shape)};
    }

    static int[] bcast(Tensor t, int[] shape) {
        return Shapes.broadcastStrides(t.shapeRef(), t.stridesRef(), shape);
    }

    static void copy(Tensor src, Tensor dst) {
        int[] shape = dst.shapeRef();
        Storage ds = dst.storage(), ss = src.storage();
        int[][] strides = {dst.stridesRef(), bcast(src, shape)};
        int[] offs = {dst.offset(), src.offset()};
        DType dd = dst.dtype(), sd = src.dtype();
        if (dd == DType.FLOAT32 && sd == DType.FLOAT32) {
            float[] df = ds.floats(), sf = ss.floats();
            Loops.forEachRow(shape, strides, offs, (o, st, n) -> {
                if (st[0] == 1 && st[1] == 1) System.arraycopy(sf, o[1], df, o[0], n);
                else if (st[1] == 0) Arrays.fill(df, o[0], o[0] + n, sf[o[1]]);
                else for (int i = 0; i < n; i++) df[o[0] + i * st[0]] = sf[o[1] + i * st[1]];
            });
        } else if (dd.isFloating() || sd.isFloating()) {
            Loops.forEachRow(shape, strides, offs, (o, st, n) -> {
                for (int i = 0; i < n; i++) ds.setDouble(o[0] + i * st[0], ss.getDouble(o[1] + i * st[1]));
            });
        } else {
            Loops.forEachRow(shape, strides, offs, (o, st, n) -> {
                for (int i = 0; i < n; i++) ds.setLong(o[0] + i * st[0], dd == DType.BOOL ? (ss.getLong(o[1] + i * st[1]) != 0 ? 1 : 0) : ss.getLong(o[1] + i * st[1]));
            });
        }
    }

    static void fill(Tensor t, double v) {
        Storage s = t.storage();
        if (t.isContiguous() && t.dtype() == DType.FLOAT32) {
            Arrays.fill(s.floats(), t.offset(), t.offset() + t.numel(), (float) v);
        } else {
            Loops.forEachRow(t.shapeRef(), new int[][]{t.stridesRef()}, new int[]{t.offset()}, (o, st, n) -> {
                for (int i = 0; i < n; i++) s.setDouble(o[0] + i * st[0], v);
            });
        }
    }

    static void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        int[] shape = out.shapeRef();
        Storage cs = cond.storage(), as = a.storage(), bs = b.storage(), os = out.storage();
        int[][] strides = {out.stridesRef(), bcast(cond, shape), bcast(a, shape), bcast(b, shape)};
        byte[] cb = cs.bools();
        DType ct = out.dtype();
        Loops.forEachRow(shape, strides, new int[]{out.offset(), cond.offset(), a.offset(), b.offset()}, (o, st, n) -> {
            if (ct == DType.FLOAT32) {
                float[] af = as.floats(), bf = bs.floats(), of = os.floats();
                for (int i = 0; i < n; i++) of[o[0] + i * st[0]] = cb[o[1] + i * st[1]] != 0 ? af[o[2] + i * st[2]] : bf[o[3] + i * st[3]];
            } else if (ct.isFloating()) {
                for (int i = 0; i < n; i++)
                    os.setDouble(o[0] + i * st[0], cb[o[1] + i * st[1]] != 0 ? as.getDouble(o[2] + i * st[2]) : bs.getDouble(o[3] + i * st[3]));
            } else {
                for (int i = 0; i < n; i++)
                    os.setLong(o[0] + i * st[0], cb[o[1] + i * st[1]] != 0 ? as.getLong(o[2] + i * st[2]) : bs.getLong(o[3] + i * st[3]));
            }
        });
    }
}
