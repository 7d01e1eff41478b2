package dev.nabla.backend.cpu;

/**
 * Strided iteration shared by the elementwise kernels: collapses dims that are contiguous for every
 * operand, then walks the outer dims and hands each innermost row (base offsets, one stride per
 * operand, length) to a row kernel. Large iterations are split over {@link Parallel}.
 */
public final class Loops {
    private Loops() {}

    /** Elements below which an elementwise op runs on the caller's thread alone. */
    public static final int PARALLEL_GRAIN = 1 << 15;

    /** A row kernel: operand {@code k} starts at {@code offs[k]} and steps by {@code steps[k]}, for {@code n} elements. */
    @FunctionalInterface
    public interface Row {
        void row(int[] offs, int[] steps, int n);
    }

    /**
     * Runs {@code body} over every row of {@code shape}, where operand {@code k} has
     * {@code strides[k]} (0 on broadcast dims) and starts at {@code offsets[k]}.
     */
    public static void forEachRow(int[] shape, int[][] strides, int[] offsets, Row body) {
        int ops = strides.length;
        // collapse: drop size-1 dims, merge neighbours that are contiguous for every operand
        int[] cs = new int[shape.length];
        int[][] cst = new int[ops][shape.length];
        int r = 0;
        long total = 1;
        for (int d = 0; d < shape.length; d++) {
            int s = shape[d];
            total *= s;
            if (s == 1) continue;
            if (r > 0) {
                boolean merge = true;
                for (int k = 0; k < ops && merge; k++) merge = cst[k][r - 1] == strides[k][d] * s;
                if (merge) {
                    cs[r - 1] *= s;
                    for (int k = 0; k < ops; k++) cst[k][r - 1] = strides[k][d];
                    continue;
                }
            }
            cs[r] = s;
            for (int k = 0; k < ops; k++) cst[k][r] = strides[k][d];
            r++;
        }
        if (total == 0) return;
        if (r == 0) { body.row(offsets.clone(), new int[ops], 1); return; }
        int n = cs[r - 1];
        int[] steps = new int[ops];
        for (int k = 0; k < ops; k++) steps[k] = cst[k][r - 1];
        long outer = total / n;
        final int rank = r;
        if (outer == 1) {
            Parallel.forRange(n, PARALLEL_GRAIN, (s, e) -> {
                int[] o = new int[ops];
                for (int k = 0; k < ops; k++) o[k] = offsets[k] + s * steps[k];
                body.row(o, steps, e - s);
            });
            return;
        }
        int grainRows = Math.max(1, PARALLEL_GRAIN / n);
        Parallel.forRange((int) outer, grainRows, (s, e) -> walk(cs, cst, rank, offsets, steps, s, e, body));
    }

    private static void walk(int[] cs, int[][] cst, int r, int[] offsets, int[] steps, int start, int end, Row body) {
        int ops = offsets.length;
        int outerRank = r - 1;
        int[] idx = new int[outerRank];
        int[] o = new int[ops];
        // decompose start into an index over the outer dims
        int rem = start;
        for (int d = outerRank - 1; d >= 0; d--) { idx[d] = rem % cs[d]; rem /= cs[d]; }
        for (int k = 0; k < ops; k++) {
            int off = offsets[k];
            for (int d = 0; d < outerRank; d++) off += idx[d] * cst[k][d];
            o[k] = off;
        }
        int n = cs[r - 1];
        for (int row = start; row < end; row++) {
            body.row(o, steps, n);
            for (int d = outerRank - 1; d >= 0; d--) {
                if (++idx[d] < cs[d]) {
                    for (int k = 0; k < ops; k++) o[k] += cst[k][d];
                    break;
                }
                idx[d] = 0;
                for (int k = 0; k < ops; k++) o[k] -= (cs[d] - 1) * cst[k][d];
            }
        }
    }
}
