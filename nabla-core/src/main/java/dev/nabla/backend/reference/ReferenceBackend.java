package dev.nabla.backend.reference;

import dev.nabla.backend.Backend;
import dev.nabla.ops.BinaryOp;
import dev.nabla.ops.ReduceOp;
import dev.nabla.ops.UnaryOp;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Storage;
import dev.nabla.tensor.Tensor;

/**
 * The backend that defines what every kernel means: one element at a time, single-threaded,
 * floating values in double and integers in long, read and written through each tensor's
 * strides. Slow on purpose and short enough to check by eye; the fast backends are tested
 * against it ({@code -Dnabla.backend=reference} runs anything on it).
 */
public final class ReferenceBackend implements Backend {
    @Override public String name() { return "reference"; }

    @Override public Storage allocate(DType dtype, int n) { return Storage.allocate(dtype, n); }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        Strided.forEach(out.shapeRef(), i -> {
            int xo = Strided.offset(x, i), oo = Strided.offset(out, i);
            if (x.dtype().isFloating()) out.storage().setDouble(oo, op.apply(x.storage().getDouble(xo)));
            else out.storage().setLong(oo, op.applyLong(x.storage().getLong(xo)));
        });
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        Storage as = a.storage(), bs = b.storage(), os = out.storage();
        Strided.forEach(out.shapeRef(), i -> {
            int ao = Strided.offset(a, i), bo = Strided.offset(b, i), oo = Strided.offset(out, i);
            if (a.dtype().isFloating()) os.setDouble(oo, op.apply(as.getDouble(ao), bs.getDouble(bo)));
            else os.setLong(oo, op.applyLong(as.getLong(ao), bs.getLong(bo)));
        });
    }

    @Override
    public void fma(Tensor x, Tensor y, Tensor z, Tensor out) {
        Strided.forEach(out.shapeRef(), i -> out.storage().setDouble(Strided.offset(out, i),
                x.storage().getDouble(Strided.offset(x, i)) * y.storage().getDouble(Strided.offset(y, i))
                        + z.storage().getDouble(Strided.offset(z, i))));
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        Strided.forEach(out.shapeRef(), i -> {
            Tensor pick = cond.storage().getLong(Strided.offset(cond, i)) != 0 ? a : b;
            int po = Strided.offset(pick, i), oo = Strided.offset(out, i);
            if (out.dtype().isFloating()) out.storage().setDouble(oo, pick.storage().getDouble(po));
            else out.storage().setLong(oo, pick.storage().getLong(po));
        });
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        boolean floating = src.dtype().isFloating() || dst.dtype().isFloating();
        Strided.forEach(dst.shapeRef(), i -> {
            int so = Strided.offset(src, i), d = Strided.offset(dst, i);
            if (floating) dst.storage().setDouble(d, src.storage().getDouble(so));
            else if (dst.dtype() == DType.BOOL) dst.storage().setLong(d, src.storage().getLong(so) != 0 ? 1 : 0);
            else dst.storage().setLong(d, src.storage().getLong(so));
        });
    }

    @Override
    public void fill(Tensor dst, double v) {
        Strided.forEach(dst.shapeRef(), i -> dst.storage().setDouble(Strided.offset(dst, i), v));
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] dims, Tensor out) {
        int rank = x.dim();
        boolean[] red = new boolean[rank];
        for (int d : dims) red[d] = true;
        int[] keptShape = new int[rank], redShape = new int[rank];
        for (int k = 0; k < rank; k++) { keptShape[k] = red[k] ? 1 : x.shapeRef()[k]; redShape[k] = red[k] ? x.shapeRef()[k] : 1; }
        int[] pos = {0};
        Strided.forEach(keptShape, kept -> {
            Accumulator acc = new Accumulator(op, x.dtype());
            Strided.forEach(redShape, r -> {
                int[] full = new int[rank];
                for (int k = 0; k < rank; k++) full[k] = kept[k] + r[k];
                int xo = Strided.offset(x, full);
                acc.add(x.storage().getDouble(xo), x.storage().getLong(xo), op.isArg() ? r[dims[0]] : 0);
            });
            acc.writeTo(out.storage(), out.offset() + pos[0]++);
        });
    }

    @Override
    public void softmax(Tensor x, boolean log, Tensor out) {
        int[] shape = x.shapeRef();
        int n = shape[shape.length - 1];
        int[] rows = shape.clone();
        rows[rows.length - 1] = 1;
        Strided.forEach(rows, r -> {
            double[] v = new double[n];
            int[] at = r.clone();
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int j = 0; j < n; j++) { at[at.length - 1] = j; v[j] = x.storage().getDouble(Strided.offset(x, at)); m = Math.max(m, v[j]); }
            if (m == Double.NEGATIVE_INFINITY) m = 0;   // an all -inf row gives NaN, as exp(-inf - -inf) would
            for (int j = 0; j < n; j++) s += Math.exp(v[j] - m);
            for (int j = 0; j < n; j++) {
                at[at.length - 1] = j;
                double z = v[j] - m - Math.log(s);
                out.storage().setDouble(Strided.offset(out, at), log ? z : Math.exp(z));
            }
        });
    }

    @Override
    public void cumsum(Tensor x, Tensor out) {
        int[] shape = x.shapeRef();
        int n = shape[shape.length - 1];
        int[] rows = shape.clone();
        rows[rows.length - 1] = 1;
        Strided.forEach(rows, r -> {
            int[] at = r.clone();
            double acc = 0;
            long lacc = 0;
            for (int j = 0; j < n; j++) {
                at[at.length - 1] = j;
                int xo = Strided.offset(x, at), oo = Strided.offset(out, at);
                if (out.dtype().isFloating()) out.storage().setDouble(oo, acc += x.storage().getDouble(xo));
                else out.storage().setLong(oo, lacc += x.storage().getLong(xo));
            }
        });
    }

    @Override
    public void argsort(Tensor x, boolean descending, Tensor indices) {
        int[] shape = x.shapeRef();
        int n = shape[shape.length - 1];
        int[] rows = shape.clone();
        rows[rows.length - 1] = 1;
        Strided.forEach(rows, r -> {
            int[] at = r.clone();
            double[] v = new double[n];
            int[] order = new int[n];
            for (int j = 0; j < n; j++) { at[at.length - 1] = j; v[j] = x.storage().getDouble(Strided.offset(x, at)); order[j] = j; }
            // insertion sort: stable, since an element only moves past strictly out-of-order ones
            for (int i = 1; i < n; i++)
                for (int j = i; j > 0 && outOfOrder(v[order[j - 1]], v[order[j]], descending); j--) {
                    int t = order[j]; order[j] = order[j - 1]; order[j - 1] = t;
                }
            for (int j = 0; j < n; j++) { at[at.length - 1] = j; indices.storage().setLong(Strided.offset(indices, at), order[j]); }
        });
    }

    /** True when a must come after b; NaN is the largest value. */
    private static boolean outOfOrder(double a, double b, boolean descending) {
        int c = Double.compare(a, b);
        return descending ? c < 0 : c > 0;
    }

    @Override
    public void gemm(int[] batchShape, int m, int n, int k,
                     Storage a, int aOff, int[] aBatchStrides, boolean transA, int lda,
                     Storage b, int bOff, int[] bBatchStrides, boolean transB, int ldb,
                     Storage c, int cOff, int ldc) {
        int[] batch = {0};
        Strided.forEach(batchShape, idx -> {
            int ao = aOff, bo = bOff, co = cOff + batch[0]++ * m * ldc;
            for (int d = 0; d < idx.length; d++) { ao += idx[d] * aBatchStrides[d]; bo += idx[d] * bBatchStrides[d]; }
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    long ls = 0;
                    for (int p = 0; p < k; p++) {
                        int ai = ao + (transA ? p * lda + i : i * lda + p), bj = bo + (transB ? j * ldb + p : p * ldb + j);
                        if (c.dtype().isFloating()) s += a.getDouble(ai) * b.getDouble(bj);
                        else ls += a.getLong(ai) * b.getLong(bj);
                    }
                    if (c.dtype().isFloating()) c.setDouble(co + i * ldc + j, s); else c.setLong(co + i * ldc + j, ls);
                }
        });
    }

    @Override
    public void gather(Tensor x, int dim, Tensor index, Tensor out) {
        Strided.forEach(out.shapeRef(), p -> {
            int xo = Strided.offset(x, replaced(p, dim, index, x));
            int oo = Strided.offset(out, p);
            if (x.dtype().isIntegral()) out.storage().setLong(oo, x.storage().getLong(xo));
            else out.storage().setDouble(oo, x.storage().getDouble(xo));
        });
    }

    @Override
    public void scatter(Tensor src, int dim, Tensor index, Tensor out, boolean add) {
        Strided.forEach(index.shapeRef(), p -> {
            int so = Strided.offset(src, p), oo = Strided.offset(out, replaced(p, dim, index, out));
            Storage os = out.storage();
            if (out.dtype().isIntegral()) os.setLong(oo, (add ? os.getLong(oo) : 0) + src.storage().getLong(so));
            else os.setDouble(oo, (add ? os.getDouble(oo) : 0) + src.storage().getDouble(so));
        });
    }

    /** p with coordinate dim replaced by index[p] (negatives counted from the end of target's dim). */
    private static int[] replaced(int[] p, int dim, Tensor index, Tensor target) {
        if (p.length == 0) return p;
        int[] q = p.clone();
        long v = index.storage().getLong(Strided.offset(index, p));
        q[dim] = (int) (v < 0 ? v + target.shapeRef()[dim] : v);
        return q;
    }
}
