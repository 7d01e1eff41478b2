package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/** Joining and splitting: cat, stack, split, chunk. */
public final class Join {
    private Join() {}

    public static Tensor cat(int dim, Tensor... ts) {
        if (ts.length == 0) throw new IllegalArgumentException("cat: expected at least one tensor");
        int rank = ts[0].dim();
        if (rank == 0) throw new IllegalArgumentException("cat: zero-dimensional tensors cannot be concatenated; use stack");
        int d = Shapes.dim("cat", dim, rank);
        int[] shape = ts[0].shapeRef().clone();
        DType dt = ts[0].dtype();
        int total = 0;
        for (int k = 0; k < ts.length; k++) {
            int[] s = ts[k].shapeRef();
            if (s.length != rank)
                throw new IllegalArgumentException("cat: tensor " + k + " has shape " + Shapes.str(s) + " but tensor 0 has rank " + rank + " " + Shapes.str(shape));
            for (int j = 0; j < rank; j++)
                if (j != d && s[j] != shape[j])
                    throw new IllegalArgumentException("cat: tensor " + k + " has shape " + Shapes.str(s) + ", which differs from tensor 0's "
                            + Shapes.str(ts[0].shapeRef()) + " in dim " + j + " (only dim " + d + " may differ)");
            total += s[d];
            dt = DType.promote(dt, ts[k].dtype());
        }
        shape[d] = total;
        Tensor out = Tensor.empty(dt, shape);
        int[] sizes = new int[ts.length];
        int at = 0;
        for (int k = 0; k < ts.length; k++) {
            sizes[k] = ts[k].shapeRef()[d];
            Elementwise.copyData(Tensor.view(out, ts[k].shapeRef(), out.stridesRef(), at * out.stridesRef()[d]), ts[k]);
            at += sizes[k];
        }
        if (Autograd.needs(ts)) {
            Autograd.record("cat", out, g -> {
                Tensor[] gs = new Tensor[ts.length];
                int pos = 0;
                for (int k = 0; k < ts.length; k++) {
                    if (ts[k].requiresGrad()) gs[k] = g.narrow(d, pos, sizes[k]);
                    pos += sizes[k];
                }
                return gs;
            }, ts);
        }
        return out;
    }

    public static Tensor stack(int dim, Tensor... ts) {
        if (ts.length == 0) throw new IllegalArgumentException("stack: expected at least one tensor");
        int d = dim < 0 ? dim + ts[0].dim() + 1 : dim;
        if (d < 0 || d > ts[0].dim())
            throw new IndexOutOfBoundsException("stack: dim " + dim + " out of range for tensors of rank " + ts[0].dim());
        Tensor[] us = new Tensor[ts.length];
        for (int k = 0; k < ts.length; k++) {
            if (!Shapes.equal(ts[k].shapeRef(), ts[0].shapeRef()))
                throw new IllegalArgumentException("stack: tensor " + k + " has shape " + Shapes.str(ts[k].shapeRef())
                        + " but tensor 0 has " + Shapes.str(ts[0].shapeRef()) + " (all must match)");
            us[k] = ts[k].unsqueeze(d);
        }
        return cat(d, us);
    }

    public static List<Tensor> split(Tensor x, int size, int dim) {
        if (size <= 0) throw new IllegalArgumentException("split: split size must be positive, got " + size);
        int d = Shapes.dim("split", dim, x.dim());
        List<Tensor> out = new ArrayList<>();
        int n = x.shapeRef()[d];
        for (int s = 0; s < n; s += size) out.add(x.narrow(d, s, Math.min(size, n - s)));
        if (n == 0) out.add(x);
        return out;
    }

    public static List<Tensor> split(Tensor x, int[] sizes, int dim) {
        int d = Shapes.dim("split", dim, x.dim());
        int sum = 0;
        for (int s : sizes) sum += s;
        if (sum != x.shapeRef()[d])
            throw new IllegalArgumentException("split: sizes " + java.util.Arrays.toString(sizes) + " sum to " + sum + " but dim " + dim + " has size " + x.shapeRef()[d]);
        List<Tensor> out = new ArrayList<>();
        int at = 0;
        for (int s : sizes) { out.add(x.narrow(d, at, s)); at += s; }
        return out;
    }

    public static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        if (chunks <= 0) throw new IllegalArgumentException("chunk: number of chunks must be positive, got " + chunks);
        int n = x.shapeRef()[Shapes.dim("chunk", dim, x.dim())];
        return split(x, Math.max(1, (n + chunks - 1) / chunks), dim);
    }
}
