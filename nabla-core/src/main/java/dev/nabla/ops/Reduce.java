package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.autograd.GradMode;
import dev.nabla.backend.Backends;
import dev.nabla.backend.cpu.FloatKernels;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/**
 * Reductions over any set of dims (sum, prod, max, min, all, any as primitives; mean, var, std,
 * logsumexp and norm composed from them), arg-reductions, cumsum and (log-)softmax.
 */
public final class Reduce {
    private Reduce() {}

    /** The values and int64 indices of a max/min/sort along a dim. */
    public record ValuesIndices(Tensor values, Tensor indices) {}

    /** Sorted, unique, non-negative dims; null or empty = all dims. */
    static int[] normDims(String op, int[] dims, int rank) {
        if (dims == null || dims.length == 0) {
            int[] all = new int[rank];
            for (int k = 0; k < rank; k++) all[k] = k;
            return all;
        }
        boolean[] seen = new boolean[Math.max(rank, 1)];
        for (int d : dims) {
            int n = Shapes.dim(op, d, rank);
            if (seen[n]) throw new IllegalArgumentException(op + ": dim " + d + " appears more than once in " + Arrays.toString(dims));
            seen[n] = true;
        }
        int[] out = new int[dims.length];
        int c = 0;
        for (int k = 0; k < seen.length; k++) if (seen[k]) out[c++] = k;
        return rank == 0 ? new int[0] : Arrays.copyOf(out, c);
    }

    static int[] reducedShape(int[] shape, int[] dims, boolean keepdim) {
        boolean[] red = new boolean[shape.length];
        for (int d : dims) red[d] = true;
        int[] out = new int[keepdim ? shape.length : shape.length - dims.length];
        int c = 0;
        for (int k = 0; k < shape.length; k++) {
            if (!red[k]) out[c++] = shape[k];
            else if (keepdim) out[c++] = 1;
        }
        return out;
    }

    /** The raw reduction (no autograd): result has the keepdim=false shape for the given dims. */
    static Tensor reduceRaw(ReduceOp kind, Tensor x, int[] dims, DType outType) {
        Tensor out = Tensor.empty(outType, reducedShape(x.shapeRef(), dims, false));
        Backends.current().reduce(kind, x, dims, out);
        return out;
    }

    /** Shape with the reduced dims kept as 1, for broadcasting a reduced gradient back. */
    static Tensor keepDims(Tensor reduced, int[] inShape, int[] dims) {
        return reduced.reshape(reducedShape(inShape, dims, true));
    }

    private static Tensor finish(Tensor raw, int[] inShape, int[] dims, boolean keepdim) {
        return keepdim ? raw.reshape(reducedShape(inShape, dims, true)) : raw;
    }

    public static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        int[] d = normDims("sum", dims, x.dim());
        DType ot = x.dtype().isFloating() ? x.dtype() : DType.INT64;
        if (ot == DType.BFLOAT16 || ot == DType.FLOAT16) return sum(x.to(DType.FLOAT32), dims, keepdim).to(ot);
        Tensor out = finish(reduceRaw(ReduceOp.SUM, x, d, ot), x.shapeRef(), d, keepdim);
        if (Autograd.needs(x)) {
            int[] in = x.shapeRef();
            Autograd.record("sum", out, g -> new Tensor[]{keepDims(g, in, d).expand(in)}, x);
        }
        return out;
    }

    public static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
        if (!x.dtype().isFloating())
            throw new IllegalArgumentException("mean: input dtype " + x.dtype() + " is not floating point; convert with to(FLOAT32) first");
        int[] d = normDims("mean", dims, x.dim());
        int count = 1;
        for (int k : d) count *= x.shapeRef()[k];
        return sum(x, d, keepdim).div(count);
    }

    public static Tensor prod(Tensor x, int[] dims, boolean keepdim) {
        int[] d = normDims("prod", dims, x.dim());
        DType ot = x.dtype().isFloating() ? x.dtype() : DType.INT64;
        Tensor out = finish(reduceRaw(ReduceOp.PROD, x, d, ot), x.shapeRef(), d, keepdim);
        if (Autograd.needs(x)) {
            int[] in = x.shapeRef();
            // d prod / d x_i = prod / x_i (inputs assumed nonzero where the gradient matters)
            Autograd.record("prod", out, g -> new Tensor[]{keepDims(g.mul(out), in, d).expand(in).div(x)}, x).saveForBackward(x);
        }
        return out;
    }

    public static Tensor amax(Tensor x, int[] dims, boolean keepdim) { return extreme(x, dims, keepdim, true); }

    public static Tensor amin(Tensor x, int[] dims, boolean keepdim) { return extreme(x, dims, keepdim, false); }

    private static Tensor extreme(Tensor x, int[] dims, boolean keepdim, boolean max) {
        String op = max ? "amax" : "amin";
        if (x.numel() == 0) throw new IllegalArgumentException(op + ": cannot reduce an empty tensor of shape " + Shapes.str(x.shapeRef()));
        int[] d = normDims(op, dims, x.dim());
        Tensor out = finish(reduceRaw(max ? ReduceOp.MAX : ReduceOp.MIN, x, d, x.dtype()), x.shapeRef(), d, keepdim);
        if (Autograd.needs(x)) {
            int[] in = x.shapeRef();
            Autograd.record(op, out, g -> {
                // ties share the gradient evenly
                Tensor hit = x.eq(keepDims(out, in, d)).to(g.dtype());
                Tensor count = sum(hit, d, true);
                return new Tensor[]{keepDims(g, in, d).mul(hit).div(count)};
            }, x).saveForBackward(x);
        }
        return out;
    }

    /** max/min along one dim with the index of the first extreme (int64). */
    public static ValuesIndices maxDim(Tensor x, int dim, boolean keepdim, boolean max) {
        String op = max ? "max" : "min";
        int dd = Shapes.dim(op, dim, x.dim());
        if (x.dim() > 0 && x.shapeRef()[dd] == 0)
            throw new IllegalArgumentException(op + ": cannot reduce over dim " + dim + " of size 0 in shape " + Shapes.str(x.shapeRef()));
        Tensor idx = argmax(x, dim, true, max);
        Tensor values = x.gather(dd, idx);
        if (!keepdim && x.dim() > 0) { values = values.squeeze(dd); idx = idx.squeeze(dd); }
        return new ValuesIndices(values, idx);
    }

    /** Index of the largest (or smallest) value; NaN counts as the extreme, first occurrence wins. */
    public static Tensor argmax(Tensor x, Integer dim, boolean keepdim, boolean max) {
        String op = max ? "argmax" : "argmin";
        if (x.numel() == 0) throw new IllegalArgumentException(op + ": cannot reduce an empty tensor");
        if (dim == null) {
            Tensor flat = x.reshape(-1);
            Tensor r = argmax(flat, 0, false, max);
            return keepdim ? r.reshape(reducedShape(x.shapeRef(), normDims(op, null, x.dim()), true)) : r;
        }
        int dd = Shapes.dim(op, dim, x.dim());
        if (x.dim() == 0) return Tensor.scalar(0, DType.INT64);
        Tensor out = reduceRaw(max ? ReduceOp.ARGMAX : ReduceOp.ARGMIN, x, new int[]{dd}, DType.INT64);
        return keepdim ? out.unsqueeze(dd) : out;
    }

    /** Variance with {@code correction} subtracted from the count (1 = Bessel). */
    public static Tensor var(Tensor x, int[] dims, int correction, boolean keepdim) {
        if (!x.dtype().isFloating())
            throw new IllegalArgumentException("var/std: input dtype " + x.dtype() + " is not floating point; convert with to(FLOAT32) first");
        int[] d = normDims("var", dims, x.dim());
        int count = 1;
        for (int k : d) count *= x.shapeRef()[k];
        Tensor centered = x.sub(mean(x, d, true));
        return sum(centered.square(), d, keepdim).div(Math.max(count - correction, 0));
    }

    public static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) {
        int[] d = normDims("logsumexp", dims, x.dim());
        Tensor m = amax(x.detach(), d, true);
        m = Tensor.where(m.abs().lt(Double.POSITIVE_INFINITY), m, Tensor.zerosLike(m));
        Tensor r = sum(x.sub(m).exp(), d, true).log().add(m);
        return keepdim ? r : r.reshape(reducedShape(x.shapeRef(), d, false));
    }

    public static Tensor norm(Tensor x, double p, int[] dims, boolean keepdim) {
        int[] d = normDims("norm", dims, x.dim());
        if (p == 2) return sum(x.square(), d, keepdim).sqrt();
        if (p == 1) return sum(x.abs(), d, keepdim);
        if (p == Double.POSITIVE_INFINITY) return amax(x.abs(), d, keepdim);
        if (p == Double.NEGATIVE_INFINITY) return amin(x.abs(), d, keepdim);
        if (p == 0) return sum(x.ne(0).to(x.dtype()), d, keepdim);
        return sum(x.abs().pow(p), d, keepdim).pow(1 / p);
    }

    public static Tensor all(Tensor x, int[] dims, boolean keepdim) {
        int[] d = normDims("all", dims, x.dim());
        return finish(reduceRaw(ReduceOp.ALL, x, d, DType.BOOL), x.shapeRef(), d, keepdim);
    }

    public static Tensor any(Tensor x, int[] dims, boolean keepdim) {
        int[] d = normDims("any", dims, x.dim());
        return finish(reduceRaw(ReduceOp.ANY, x, d, DType.BOOL), x.shapeRef(), d, keepdim);
    }

    public static Tensor cumsum(Tensor x, int dim) {
        int dd = Shapes.dim("cumsum", dim, x.dim());
        if (x.dim() == 0) return x.clone();
        DType ot = x.dtype().isFloating() ? x.dtype() : DType.INT64;
        Tensor xt = x.transpose(dd, -1).contiguous();
        Tensor out = Tensor.empty(ot, xt.shapeRef());
        Backends.current().cumsum(xt, out);
        Tensor res = out.transpose(dd, -1).contiguous();
        if (Autograd.needs(x)) {
            Autograd.record("cumsum", res, g -> {
                // sum_{j >= i} g_j = total - cumsum_i + g_i
                Tensor total = sum(g, new int[]{dd}, true);
                return new Tensor[]{total.sub(cumsum(g, dd)).add(g)};
            }, x);
        }
        return res;
    }

    public static Tensor softmax(Tensor x, int dim, boolean log) {
        String op = log ? "log_softmax" : "softmax";
        if (!x.dtype().isFloating()) throw new IllegalArgumentException(op + ": input dtype " + x.dtype() + " is not floating point");
        int dd = Shapes.dim(op, dim, x.dim());
        if (x.dim() == 0) return log ? Tensor.zerosLike(x) : Tensor.onesLike(x);
        boolean last = dd == x.dim() - 1;
        Tensor xt = (last ? x.detach() : x.detach().transpose(dd, -1)).contiguous();
        Tensor yt = Tensor.empty(x.dtype(), xt.shapeRef());
        Backends.current().softmax(xt, log, yt);
        Tensor y = last ? yt : yt.transpose(dd, -1).contiguous();
        if (Autograd.needs(x)) {
            Autograd.record(op, y, g -> {
                // no graph to build (first-order backward): the fused row kernel; otherwise tensor
                // ops, so that double backward works
                if (last && !GradMode.isEnabled() && y.dtype() == DType.FLOAT32 && g.dtype() == DType.FLOAT32
                        && Arrays.equals(g.shapeRef(), y.shapeRef()))
                    return new Tensor[]{softmaxBackwardF32(y, g.contiguous(), log)};
                if (log) return new Tensor[]{g.sub(y.exp().mul(sum(g, new int[]{dd}, true)))};
                return new Tensor[]{y.mul(g.sub(sum(g.mul(y), new int[]{dd}, true)))};
            }, x).saveForBackward(y);
        }
        return y;
    }

    /** y, g contiguous float32 of the same shape; the softmax dim is the last. */
    private static Tensor softmaxBackwardF32(Tensor y, Tensor g, boolean log) {
        Tensor dx = Tensor.empty(DType.FLOAT32, y.shapeRef());
        int n = y.size(-1), rows = n == 0 ? 0 : y.numel() / n;
        FloatKernels.softmaxBackward(y.storage().floats(), y.offset(), g.storage().floats(), g.offset(), dx.storage().floats(), dx.offset(),
                rows, n, log);
        return dx;
    }
}
