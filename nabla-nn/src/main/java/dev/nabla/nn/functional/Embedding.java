package dev.nabla.nn.functional;

import dev.nabla.autograd.Autograd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

/**
 * Embedding lookup: out[..., :] = weight[indices[...], :]. The forward copies whole rows; the
 * backward adds gradient rows into a zero weight-shaped tensor (rows at {@code paddingIdx} get
 * none). The two are each other's adjoint, so double backward works.
 */
public final class Embedding {
    private Embedding() {}

    /**
     * @param indices    int32 or int64, any shape, values in [0, V) (not modified)
     * @param weight     [V, D] float (not modified)
     * @param paddingIdx row that receives no gradient, or null (negative counts from V)
     * @return [*indices.shape, D]
     */
    public static Tensor embedding(Tensor indices, Tensor weight, Integer paddingIdx) {
        if (!indices.dtype().isIntegral())
            throw new IllegalArgumentException("embedding: indices must be int32 or int64, got " + indices.dtype());
        if (weight.dim() != 2 || !weight.dtype().isFloating())
            throw new IllegalArgumentException("embedding: weight of shape " + Shapes.str(weight.shapeRef()) + " (" + weight.dtype()
                    + ") must be a 2-D float [num_embeddings, dim]");
        int v = weight.size(0);
        int pad = -1;
        if (paddingIdx != null) {
            if (paddingIdx < -v || paddingIdx >= v)
                throw new IllegalArgumentException("embedding: padding_idx " + paddingIdx + " out of range for " + v + " embeddings");
            pad = paddingIdx < 0 ? paddingIdx + v : paddingIdx;
        }
        long[] idx = indices.toLongArray();
        for (int i = 0; i < idx.length; i++)
            if (idx[i] < 0 || idx[i] >= v)
                throw new IndexOutOfBoundsException("embedding: index " + idx[i] + " at position " + i + " out of range [0, " + v + ")");
        return gatherRows(weight, idx, indices.shapeRef(), pad);
    }

    private static int[] outShape(int[] idxShape, int d) {
        int[] s = java.util.Arrays.copyOf(idxShape, idxShape.length + 1);
        s[idxShape.length] = d;
        return s;
    }

    /** Row copy: arraycopy works for any dtype's backing array. */
    static Tensor gatherRows(Tensor weight, long[] idx, int[] idxShape, int pad) {
        Tensor w = weight.contiguous();
        int d = w.size(1);
        Tensor out = Tensor.empty(w.dtype(), outShape(idxShape, d));
        Object src = array(w), dst = array(out);
        for (int i = 0; i < idx.length; i++) System.arraycopy(src, w.offset() + (int) idx[i] * d, dst, i * d, d);
        int rows = weight.size(0);
        if (Autograd.needs(weight))
            Autograd.record("embedding", out, g -> new Tensor[]{scatterRows(g, idx, idxShape, rows, pad)}, weight);
        return out;
    }

    /** grad[idx[i], :] += g[i, :], skipping the padding row. */
    static Tensor scatterRows(Tensor g, long[] idx, int[] idxShape, int rows, int pad) {
        Tensor gc = g.contiguous();
        int d = gc.size(-1), o = gc.offset();
        Tensor out = Tensor.empty(gc.dtype(), rows, d);
        if (gc.dtype() == DType.FLOAT32) {
            float[] s = gc.storage().floats(), t = out.storage().floats();
            for (int i = 0; i < idx.length; i++) {
                if (idx[i] == pad) continue;
                int src = o + i * d, dst = (int) idx[i] * d;
                for (int j = 0; j < d; j++) t[dst + j] += s[src + j];
            }
        } else if (gc.dtype() == DType.FLOAT64) {
            double[] s = gc.storage().doubles(), t = out.storage().doubles();
            for (int i = 0; i < idx.length; i++) {
                if (idx[i] == pad) continue;
                int src = o + i * d, dst = (int) idx[i] * d;
                for (int j = 0; j < d; j++) t[dst + j] += s[src + j];
            }
        } else {
            throw new IllegalArgumentException("embedding backward: gradient dtype " + gc.dtype() + " is not supported (float32/float64)");
        }
        if (Autograd.needs(g)) {
            // the padding row's entries were dropped, so the adjoint reads zeros for them
            Autograd.record("embedding_backward", out, gg -> {
                Tensor r = gatherRows(gg, idx, idxShape, pad);
                if (pad >= 0) r = r.mul(maskNotPad(idx, idxShape, pad, r.dtype()));
                return new Tensor[]{r};
            }, g);
        }
        return out;
    }

    private static Tensor maskNotPad(long[] idx, int[] idxShape, int pad, DType dt) {
        double[] m = new double[idx.length];
        for (int i = 0; i < idx.length; i++) m[i] = idx[i] == pad ? 0 : 1;
        return Tensor.of(m, outShape(idxShape, 1)).to(dt);
    }

    private static Object array(Tensor t) {
        return switch (t.dtype()) {
            case FLOAT32 -> t.storage().floats();
            case FLOAT64 -> t.storage().doubles();
            default -> throw new IllegalArgumentException("embedding: weight dtype " + t.dtype() + " is not supported (float32/float64)");
        };
    }
}
