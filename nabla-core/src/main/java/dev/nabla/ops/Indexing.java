package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.backend.Backends;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/** Indexing with integer tensors and masks, sort / topk, and padding. */
public final class Indexing {
    private Indexing() {}

    public record SortResult(Tensor values, Tensor indices) {}

    public enum PadMode { CONSTANT, REFLECT, REPLICATE }

    private static void checkIndexType(String op, Tensor index) {
        if (index.dtype() != DType.INT64 && index.dtype() != DType.INT32)
            throw new IllegalArgumentException(op + ": index must be int64 or int32, got " + index.dtype());
    }

    private static int checkedIndex(String op, long v, int size, int dim) {
        if (v < -size || v >= size)
            throw new IndexOutOfBoundsException(op + ": index " + v + " is out of bounds for dim " + dim + " with size " + size);
        return (int) (v < 0 ? v + size : v);
    }

    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        checkIndexType("index_select", index);
        if (index.dim() > 1) throw new IllegalArgumentException("index_select: index must be 1-D, got shape " + Shapes.str(index.shapeRef()));
        int d = Shapes.dim("index_select", dim, x.dim());
        long[] idx = index.toLongArray();
        int size = x.dim() == 0 ? 1 : x.shapeRef()[d];
        for (long v : idx) checkedIndex("index_select", v, size, d);
        if (x.dim() == 0 && idx.length != 1)
            throw new IllegalArgumentException("index_select: a 0-d input takes exactly one index, got " + idx.length);
        int[] outShape = x.shapeRef().clone();
        if (x.dim() > 0) outShape[d] = idx.length;
        Tensor out = Tensor.empty(x.dtype(), outShape);
        Backends.current().gather(x, d, alongDim(index, d, outShape), out);
        if (Autograd.needs(x)) {
            int[] in = x.shapeRef();
            Autograd.record("index_select", out, g -> new Tensor[]{indexAdd(in, d, index, g)}, x);
        }
        return out;
    }

    /** A 0-d or 1-D index viewed as {@code shape}: varying along dim d, broadcast along the others. */
    private static Tensor alongDim(Tensor index, int d, int[] shape) {
        int[] st = new int[shape.length];
        if (shape.length > 0 && index.dim() == 1) st[d] = index.stridesRef()[0];
        return Tensor.view(index, shape, st, index.offset());
    }

    /** Zeros of {@code shape} with slices of {@code src} added at {@code index} along {@code d}: index_select's adjoint. */
    static Tensor indexAdd(int[] shape, int d, Tensor index, Tensor src) {
        Tensor out = Tensor.zeros(src.dtype(), shape);
        Backends.current().scatter(src, d, alongDim(index, d, src.shapeRef()), out, true);
        if (Autograd.needs(src)) Autograd.record("index_add", out, gg -> new Tensor[]{indexSelect(gg, d, index)}, src);
        return out;
    }

    /** {@code x[(:,)*dim, index]} for an integer index of any shape. */
    public static Tensor index(Tensor x, int dim, Tensor index) {
        int d = Shapes.dim("index", dim, x.dim());
        Tensor sel = indexSelect(x, d, index.reshape(-1));
        int[] xs = x.shapeRef(), is = index.shapeRef();
        int[] shape = new int[xs.length - 1 + is.length];
        int c = 0;
        for (int k = 0; k < d; k++) shape[c++] = xs[k];
        for (int v : is) shape[c++] = v;
        for (int k = d + 1; k < xs.length; k++) shape[c++] = xs[k];
        return sel.reshape(shape);
    }

    private static void checkGatherShapes(String op, Tensor x, int d, Tensor index) {
        if (index.dim() != x.dim())
            throw new IllegalArgumentException(op + ": index of shape " + Shapes.str(index.shapeRef()) + " must have the same rank as the input " + Shapes.str(x.shapeRef()));
        for (int k = 0; k < x.dim(); k++)
            if (k != d && index.shapeRef()[k] > x.shapeRef()[k])
                throw new IllegalArgumentException(op + ": index of shape " + Shapes.str(index.shapeRef()) + " is larger than the input "
                        + Shapes.str(x.shapeRef()) + " in dim " + k);
    }

    /** Checks every index value against the size of dim d of {@code target} (its only element when 0-d). */
    private static void checkIndices(String op, Tensor target, int d, Tensor index) {
        int size = target.dim() == 0 ? 1 : target.shapeRef()[d];
        for (long v : index.toLongArray()) checkedIndex(op, v, size, d);
    }

    public static Tensor gather(Tensor x, int dim, Tensor index) {
        checkIndexType("gather", index);
        int d = Shapes.dim("gather", dim, x.dim());
        checkGatherShapes("gather", x, d, index);
        checkIndices("gather", x, d, index);
        Tensor out = Tensor.empty(x.dtype(), index.shapeRef());
        Backends.current().gather(x, d, index, out);
        if (Autograd.needs(x)) {
            int[] in = x.shapeRef();
            Autograd.record("gather", out, g -> new Tensor[]{scatter(Tensor.zeros(g.dtype(), in), d, index, g, true)}, x);
        }
        return out;
    }

    /** A copy of {@code x} with {@code src} written (or added) at {@code index} along {@code dim}. */
    public static Tensor scatter(Tensor x, int dim, Tensor index, Tensor src, boolean add) {
        String op = add ? "scatter_add" : "scatter";
        checkIndexType(op, index);
        int d = Shapes.dim(op, dim, x.dim());
        checkGatherShapes(op, x, d, index);
        for (int k = 0; k < index.dim(); k++)
            if (index.shapeRef()[k] > src.shapeRef()[k])
                throw new IllegalArgumentException(op + ": index of shape " + Shapes.str(index.shapeRef()) + " is larger than src " + Shapes.str(src.shapeRef()) + " in dim " + k);
        checkIndices(op, x, d, index);
        Tensor out = Movement.copyOf(x);
        Backends.current().scatter(src, d, index, out, add);
        if (Autograd.needs(x, src)) {
            int[] srcShape = src.shapeRef();
            Autograd.record(op, out, g -> {
                Tensor gx = null, gs = null;
                if (x.requiresGrad()) gx = add ? g : scatter(g, d, index, Tensor.zeros(g.dtype(), index.shapeRef()), false);
                if (src.requiresGrad()) {
                    Tensor gathered = gather(g, d, index);
                    gs = Arrays.equals(srcShape, index.shapeRef()) ? gathered : gathered.pad(padTo(index.shapeRef(), srcShape));
                }
                return new Tensor[]{gx, gs};
            }, x, src);
        }
        return out;
    }

    private static int[] padTo(int[] from, int[] to) {
        int[] pads = new int[2 * from.length];
        for (int k = 0; k < from.length; k++) pads[2 * (from.length - 1 - k) + 1] = to[k] - from[k];
        return pads;
    }

    public static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        if (mask.dtype() != DType.BOOL) throw new IllegalArgumentException("masked_fill: mask must be bool, got " + mask.dtype());
        Shapes.broadcast("masked_fill", x.shapeRef(), mask.shapeRef());
        return Elementwise.where(mask, Tensor.scalar(value, x.dtype()), x).expand(x.shapeRef());
    }

    public static Tensor maskedSelect(Tensor x, Tensor mask) {
        if (mask.dtype() != DType.BOOL) throw new IllegalArgumentException("masked_select: mask must be bool, got " + mask.dtype());
        int[] shape = Shapes.broadcast("masked_select", x.shapeRef(), mask.shapeRef());
        boolean[] m = mask.expand(shape).toBoolArray();
        int count = 0;
        for (boolean b : m) if (b) count++;
        long[] idx = new long[count];
        for (int i = 0, c = 0; i < m.length; i++) if (m[i]) idx[c++] = i;
        return take(x.expand(shape), Tensor.of(idx, count));
    }

    public static Tensor take(Tensor x, Tensor index) {
        checkIndexType("take", index);
        return index(x.reshape(-1), 0, index);
    }

    public static SortResult sort(Tensor x, int dim, boolean descending) {
        if (x.dim() == 0) return new SortResult(x, Tensor.scalar(0, DType.INT64));
        int d = Shapes.dim("sort", dim, x.dim());
        Tensor xt = x.detach().transpose(d, -1).contiguous();
        Tensor idx = Tensor.empty(DType.INT64, xt.shapeRef());
        Backends.current().argsort(xt, descending, idx);
        Tensor indices = idx.transpose(d, -1).contiguous();
        return new SortResult(gather(x, d, indices), indices);
    }

    public static SortResult topk(Tensor x, int k, int dim, boolean largest, boolean sorted) {
        int d = Shapes.dim("topk", dim, x.dim());
        int size = x.dim() == 0 ? 1 : x.shapeRef()[d];
        if (k < 0 || k > size) throw new IllegalArgumentException("topk: k = " + k + " is out of range for dim " + dim + " of size " + size);
        SortResult s = sort(x, d, largest);
        Tensor idx = s.indices().narrow(d, 0, k).contiguous();
        return new SortResult(gather(x, d, idx), idx);
    }

    /** Pads the last dims: pads = (left, right) for the last dim, then the one before, ... Negative pads crop. */
    public static Tensor pad(Tensor x, int[] pads, PadMode mode, double value) {
        if (pads.length % 2 != 0 || pads.length / 2 > x.dim())
            throw new IllegalArgumentException("pad: expected an even number of pads covering at most " + x.dim() + " dims, got " + Arrays.toString(pads));
        Tensor out = x;
        for (int p = 0; p < pads.length / 2; p++) {
            int d = x.dim() - 1 - p, left = pads[2 * p], right = pads[2 * p + 1];
            int size = out.shapeRef()[d];
            if (left < 0) { out = out.narrow(d, -left, size + left); size += left; left = 0; }
            if (right < 0) { out = out.narrow(d, 0, size + right); size += right; right = 0; }
            if (left == 0 && right == 0) continue;
            if (mode == PadMode.CONSTANT) {
                int[] ls = out.shapeRef().clone(), rs = out.shapeRef().clone();
                ls[d] = left;
                rs[d] = right;
                out = Join.cat(d, Tensor.full(value, out.dtype(), ls), out, Tensor.full(value, out.dtype(), rs));
            } else {
                if (mode == PadMode.REFLECT && (left >= size || right >= size))
                    throw new IllegalArgumentException("pad: reflect padding (" + left + ", " + right + ") must be smaller than the input size " + size + " in dim " + d);
                if (size == 0) throw new IllegalArgumentException("pad: cannot " + mode.name().toLowerCase() + "-pad an empty dim " + d);
                long[] idx = new long[left + size + right];
                for (int i = 0; i < idx.length; i++) {
                    int j = i - left;
                    if (mode == PadMode.REPLICATE) j = Math.min(Math.max(j, 0), size - 1);
                    else { if (j < 0) j = -j; if (j >= size) j = 2 * (size - 1) - j; }
                    idx[i] = j;
                }
                out = indexSelect(out, d, Tensor.of(idx, idx.length));
            }
        }
        return out;
    }
}
