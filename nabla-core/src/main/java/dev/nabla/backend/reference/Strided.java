package dev.nabla.backend.reference;

import dev.nabla.tensor.Tensor;

import java.util.function.Consumer;

/** Row-major iteration over a shape and strided addressing with broadcasting, for {@link ReferenceBackend}. */
final class Strided {
    private Strided() {}

    /** Calls {@code body} with every multi-index of {@code shape} in row-major order (the array is reused). */
    static void forEach(int[] shape, Consumer<int[]> body) {
        for (int s : shape) if (s == 0) return;
        int[] idx = new int[shape.length];
        while (true) {
            body.accept(idx);
            int k = shape.length - 1;
            while (k >= 0 && ++idx[k] == shape[k]) idx[k--] = 0;
            if (k < 0) return;
        }
    }

    /**
     * Storage offset of element {@code idx} of {@code t} broadcast to a shape of idx's rank: t's dims
     * align to the right, and a dim of size 1 reads its only element.
     */
    static int offset(Tensor t, int[] idx) {
        int[] shape = t.shapeRef(), st = t.stridesRef();
        int lead = idx.length - shape.length, off = t.offset();
        for (int k = 0; k < shape.length; k++) if (shape[k] != 1) off += idx[lead + k] * st[k];
        return off;
    }
}
