package dev.nabla.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by every op: element counts, strides, broadcasting, dim normalisation. */
public final class Shapes {
    private Shapes() {}

    public static final int[] SCALAR = new int[0];

    public static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) n *= s;
        if (n > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("tensor of shape " + str(shape) + " has " + n + " elements; at most 2^31 - 9 are supported");
        return (int) n;
    }

    /** {@link #numel} after checking that no dimension is negative, in one pass. */
    public static int checkedNumel(String op, int[] shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException(op + ": negative dimension in shape " + str(shape));
            n *= s;
        }
        if (n > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException(op + ": tensor of shape " + str(shape) + " has " + n + " elements; at most 2^31 - 9 are supported");
        return (int) n;
    }

    public static int[] contiguousStrides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int k = shape.length - 1; k >= 0; k--) {
            st[k] = s;
            s *= Math.max(shape[k], 1);
        }
        return st;
    }

    public static String str(int[] shape) { return Arrays.toString(shape); }

    public static void checkShape(String op, int[] shape) {
        for (int s : shape)
            if (s < 0) throw new IllegalArgumentException(op + ": negative dimension in shape " + str(shape));
        numel(shape);
    }

    /** NumPy broadcasting of two shapes, or an error naming the op and both shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            int da = k - (n - a.length) >= 0 ? a[k - (n - a.length)] : 1;
            int db = k - (n - b.length) >= 0 ? b[k - (n - b.length)] : 1;
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast (dim " + k + ": " + da + " vs " + db + ")");
            out[k] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides that read a tensor of {@code shape}/{@code strides} as if broadcast to {@code target} (0 on broadcast dims). */
    public static int[] broadcastStrides(int[] shape, int[] strides, int[] target) {
        int[] out = new int[target.length];
        int off = target.length - shape.length;
        for (int k = 0; k < shape.length; k++)
            out[k + off] = shape[k] == 1 && target[k + off] != 1 ? 0 : strides[k];
        return out;
    }

    /** Maps a possibly negative dim into [0, rank), or throws naming the op. */
    public static int dim(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r)
            throw new IndexOutOfBoundsException(op + ": dim " + dim + " out of range for a tensor of rank " + rank
                    + " (valid: " + (-r) + " to " + (r - 1) + ")");
        return dim < 0 ? dim + r : dim;
    }

    public static boolean equal(int[] a, int[] b) { return Arrays.equals(a, b); }
}
