package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/**
 * Movement ops: reshape, transpose, permute, slice, expand, squeeze... All return views sharing
 * the input's storage (reshape copies only when the strides forbid a view); their chain rules move
 * the gradient back the same way.
 */
public final class Movement {
    private Movement() {}

    private static Tensor viewOf(String op, Tensor x, int[] shape, int[] strides, int offset, Autograd.Grad1 rule) {
        Tensor v = Tensor.view(x, shape, strides, offset);
        if (Autograd.needs(x)) Autograd.record(op, v, rule, x);
        return v;
    }

    static int[] inferShape(String op, int[] in, int[] shape, int numel) {
        int[] out = shape.clone();
        int infer = -1, known = 1;
        for (int k = 0; k < out.length; k++) {
            if (out[k] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one dimension can be -1, got " + Shapes.str(shape));
                infer = k;
            } else if (out[k] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + out[k] + " in shape " + Shapes.str(shape));
            } else known *= out[k];
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0)
                throw new IllegalArgumentException(op + ": shape " + Shapes.str(shape) + " is invalid for input of shape " + Shapes.str(in) + " (" + numel + " elements)");
            out[infer] = numel / known;
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": shape " + Shapes.str(shape) + " is invalid for input of shape " + Shapes.str(in) + " (" + numel + " elements)");
        }
        return out;
    }

    /** Strides that let {@code x} be viewed as {@code shape}, or null when a copy is needed. */
    static int[] viewStrides(Tensor x, int[] shape) {
        if (x.isContiguous()) return Shapes.contiguousStrides(shape);
        int[] os = x.shapeRef(), ost = x.stridesRef();
        int[] st = new int[shape.length];
        // walk old dims in chunks whose elements are contiguous with each other
        int vi = shape.length - 1;
        int chunkBase = ost.length > 0 ? ost[ost.length - 1] : 1;
        long tensorNumel = 1, viewNumel = 1;
        for (int ti = os.length - 1; ti >= 0; ti--) {
            tensorNumel *= os[ti];
            if (ti == 0 || (os[ti - 1] != 1 && ost[ti - 1] != tensorNumel * chunkBase)) {
                while (vi >= 0 && (viewNumel < tensorNumel || shape[vi] == 1)) {
                    st[vi] = (int) (viewNumel * chunkBase);
                    viewNumel *= shape[vi];
                    vi--;
                }
                if (viewNumel != tensorNumel) return null;
                if (ti > 0) {
                    chunkBase = ost[ti - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return vi == -1 ? st : null;
    }

    public static Tensor view(Tensor x, int[] shape) {
        int[] s = inferShape("view", x.shapeRef(), shape, x.numel());
        int[] st = viewStrides(x, s);
        if (st == null)
            throw new IllegalStateException("view: tensor of shape " + Shapes.str(x.shapeRef()) + " with strides " + Shapes.str(x.stridesRef())
                    + " cannot be viewed as " + Shapes.str(s) + " without a copy; use reshape()");
        int[] in = x.shapeRef();
        return viewOf("view", x, s, st, x.offset(), g -> new Tensor[]{g.reshape(in)});
    }

    public static Tensor reshape(Tensor x, int[] shape) {
        int[] s = inferShape("reshape", x.shapeRef(), shape, x.numel());
        if (Arrays.equals(s, x.shapeRef())) return x;
        int[] st = viewStrides(x, s);
        int[] in = x.shapeRef();
        if (st != null) return viewOf("reshape", x, s, st, x.offset(), g -> new Tensor[]{g.reshape(in)});
        return contiguous(x).view(s);
    }

    public static Tensor transpose(Tensor x, int d0, int d1) {
        int r = x.dim();
        if (r == 0) return x;
        int a = Shapes.dim("transpose", d0, r), b = Shapes.dim("transpose", d1, r);
        if (a == b) return x;
        if (r == 2) return t2(x);
        int[] perm = new int[r];
        for (int k = 0; k < r; k++) perm[k] = k;
        perm[a] = b;
        perm[b] = a;
        return permute(x, perm);
    }

    public static Tensor t(Tensor x) {
        if (x.dim() > 2) throw new IllegalArgumentException("t: expects a tensor of rank <= 2, got shape " + Shapes.str(x.shapeRef()) + "; use transpose(d0, d1)");
        return x.dim() < 2 ? x : t2(x);
    }

    /** The transpose of a matrix: the common case of permute, on the hot path of every linear layer. */
    private static Tensor t2(Tensor x) {
        int[] s = x.shapeRef(), st = x.stridesRef();
        return viewOf("permute", x, new int[]{s[1], s[0]}, new int[]{st[1], st[0]}, x.offset(), g -> new Tensor[]{t2(g)});
    }

    public static Tensor permute(Tensor x, int[] dims) {
        int r = x.dim();
        if (dims.length != r)
            throw new IllegalArgumentException("permute: " + dims.length + " dims " + Arrays.toString(dims) + " for a tensor of rank " + r + " " + Shapes.str(x.shapeRef()));
        int[] shape = new int[r], st = new int[r], inv = new int[r];
        boolean[] seen = new boolean[r];
        boolean identity = true;
        for (int k = 0; k < r; k++) {
            int d = Shapes.dim("permute", dims[k], r);
            if (seen[d]) throw new IllegalArgumentException("permute: dim " + d + " repeated in " + Arrays.toString(dims));
            seen[d] = true;
            shape[k] = x.shapeRef()[d];
            st[k] = x.stridesRef()[d];
            inv[d] = k;
            identity &= d == k;
        }
        if (identity) return x;
        return viewOf("permute", x, shape, st, x.offset(), g -> new Tensor[]{g.permute(inv)});
    }

    /** Python slicing semantics: bounds are clamped, negatives count from the end. */
    public static Tensor slice(Tensor x, int dim, int start, int end, int step) {
        int d = Shapes.dim("slice", dim, x.dim());
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        int size = x.shapeRef()[d];
        int s = start < 0 ? Math.max(start + size, 0) : Math.min(start, size);
        int e = end < 0 ? Math.max(end + size, 0) : Math.min(end, size);
        int len = e > s ? (e - s + step - 1) / step : 0;
        return sliceView("slice", x, d, s, len, step);
    }

    private static Tensor sliceView(String op, Tensor x, int d, int start, int len, int step) {
        int[] shape = x.shapeRef().clone(), st = x.stridesRef().clone();
        shape[d] = len;
        int off = x.offset() + (len > 0 ? start * st[d] : 0);
        st[d] *= step;
        int[] in = x.shapeRef();
        return viewOf(op, x, shape, st, off, g -> new Tensor[]{sliceBackward(g, in, d, start, step)});
    }

    /** Zeros of {@code inShape} with {@code g} written at the sliced positions (itself differentiable). */
    static Tensor sliceBackward(Tensor g, int[] inShape, int d, int start, int step) {
        Tensor z = Tensor.zeros(g.dtype(), inShape);
        int[] st = z.stridesRef().clone();
        int off = g.shapeRef()[d] > 0 ? start * st[d] : 0;
        st[d] *= step;
        Tensor window = Tensor.view(z, g.shapeRef(), st, off);
        Elementwise.copyData(window, g);
        if (Autograd.needs(g)) {
            int len = g.shapeRef()[d];
            Autograd.record("slice_backward", z, gg -> new Tensor[]{sliceView("slice", gg, d, start, len, step)}, g);
        }
        return z;
    }

    public static Tensor narrow(Tensor x, int dim, int start, int length) {
        int d = Shapes.dim("narrow", dim, x.dim());
        int size = x.shapeRef()[d];
        int s = start < 0 ? start + size : start;
        if (s < 0 || length < 0 || s + length > size)
            throw new IndexOutOfBoundsException("narrow: start " + start + " and length " + length + " are out of range for dim " + dim + " of size " + size);
        return sliceView("narrow", x, d, s, length, 1);
    }

    public static Tensor select(Tensor x, int dim, int index) {
        int d = Shapes.dim("select", dim, x.dim());
        int size = x.shapeRef()[d];
        if (index < -size || index >= size)
            throw new IndexOutOfBoundsException("select: index " + index + " out of range for dim " + dim + " of size " + size);
        int i = index < 0 ? index + size : index;
        return narrow(x, d, i, 1).squeeze(d);
    }

    public static Tensor expand(Tensor x, int[] shape) {
        int r = shape.length, xr = x.dim();
        if (r < xr) throw new IllegalArgumentException("expand: target shape " + Shapes.str(shape) + " has fewer dims than the input " + Shapes.str(x.shapeRef()));
        int[] out = new int[r], st = new int[r];
        for (int k = 0; k < r; k++) {
            int xk = k - (r - xr);
            int want = shape[k];
            if (xk < 0) {
                if (want < 0) throw new IllegalArgumentException("expand: -1 is not allowed for the new leading dim " + k + " in " + Shapes.str(shape));
                out[k] = want;
                st[k] = 0;
                continue;
            }
            int have = x.shapeRef()[xk];
            if (want == -1) want = have;
            if (have == want) { out[k] = have; st[k] = x.stridesRef()[xk]; }
            else if (have == 1) { out[k] = want; st[k] = 0; }
            else throw new IllegalArgumentException("expand: input of shape " + Shapes.str(x.shapeRef()) + " cannot be expanded to "
                        + Shapes.str(shape) + " (dim " + k + ": " + have + " vs " + want + ")");
        }
        if (Arrays.equals(out, x.shapeRef())) return x;
        int[] in = x.shapeRef();
        return viewOf("expand", x, out, st, x.offset(), g -> new Tensor[]{Elementwise.sumToShape(g, in)});
    }

    public static Tensor squeeze(Tensor x, Integer dim) {
        int[] s = x.shapeRef();
        if (dim != null) {
            int d = Shapes.dim("squeeze", dim, x.dim());
            if (x.dim() == 0 || s[d] != 1) return x;
            int[] ns = new int[s.length - 1];
            for (int k = 0, c = 0; k < s.length; k++) if (k != d) ns[c++] = s[k];
            return reshape(x, ns);
        }
        return reshape(x, Arrays.stream(s).filter(v -> v != 1).toArray());
    }

    public static Tensor unsqueeze(Tensor x, int dim) {
        int r = x.dim() + 1;
        if (dim < -r || dim >= r) throw new IndexOutOfBoundsException("unsqueeze: dim " + dim + " out of range for a result of rank " + r);
        int d = dim < 0 ? dim + r : dim;
        int[] s = x.shapeRef(), ns = new int[r];
        for (int k = 0, c = 0; k < r; k++) ns[k] = k == d ? 1 : s[c++];
        return reshape(x, ns);
    }

    public static Tensor flatten(Tensor x, int startDim, int endDim) {
        if (x.dim() == 0) return reshape(x, new int[]{1});
        int a = Shapes.dim("flatten", startDim, x.dim()), b = Shapes.dim("flatten", endDim, x.dim());
        if (a > b) throw new IllegalArgumentException("flatten: start dim " + startDim + " comes after end dim " + endDim);
        int[] s = x.shapeRef(), ns = new int[s.length - (b - a)];
        int c = 0, m = 1;
        for (int k = 0; k < s.length; k++) {
            if (k < a || k > b) ns[c++] = s[k];
            else { m *= s[k]; if (k == b) ns[c++] = m; }
        }
        return reshape(x, ns);
    }

    public static Tensor unflatten(Tensor x, int dim, int[] sizes) {
        int d = Shapes.dim("unflatten", dim, x.dim());
        int[] s = x.shapeRef();
        int[] inner = inferShape("unflatten", new int[]{s[d]}, sizes, s[d]);
        int[] ns = new int[s.length - 1 + inner.length];
        int c = 0;
        for (int k = 0; k < s.length; k++) {
            if (k == d) for (int v : inner) ns[c++] = v;
            else ns[c++] = s[k];
        }
        return reshape(x, ns);
    }

    /** A contiguous copy (differentiable: "clone"). */
    public static Tensor contiguous(Tensor x) {
        Tensor out = copyOf(x);
        if (Autograd.needs(x)) Autograd.record("clone", out, g -> new Tensor[]{g}, x);
        return out;
    }

    /** A contiguous copy with no autograd history. */
    public static Tensor copyOf(Tensor x) {
        Tensor out = Tensor.empty(x.dtype(), x.shapeRef());
        Elementwise.copyData(out, x);
        return out;
    }
}
