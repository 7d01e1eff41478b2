package dev.nabla.train.metrics;

import dev.nabla.tensor.Tensor;

/** Turns outputs and targets into plain arrays for the metrics; one copy per batch, no autograd. */
final class Labels {
    private Labels() {}

    /**
     * Predicted class per row: argmax over the last dim for [N, C] with C &gt; 1; for [N] or [N, 1]
     * (one probability per row) 1 when the value is at least 0.5.
     */
    static int[] predicted(Tensor output, String metric) {
        if (output.dim() == 0) throw new IllegalArgumentException(metric + ": output must have a batch dimension, got a scalar");
        int n = output.size(0);
        int c = output.numel() / Math.max(n, 1);
        float[] f = output.toFloatArray();
        int[] out = new int[n];
        if (c == 1) {
            for (int i = 0; i < n; i++) out[i] = f[i] >= 0.5f ? 1 : 0;
            return out;
        }
        if (output.dim() != 2)
            throw new IllegalArgumentException(metric + ": output of shape " + java.util.Arrays.toString(output.shape())
                    + " must be [N, C] scores or [N] probabilities");
        for (int i = 0; i < n; i++) {
            int best = 0, base = i * c;
            for (int j = 1; j < c; j++) if (f[base + j] > f[base + best]) best = j;
            out[i] = best;
        }
        return out;
    }

    /** True class per row from int labels [N] (or [N, 1]) or one-hot / probability rows [N, C]. */
    static int[] actual(Tensor target, int n, String metric) {
        if (target.dim() == 0 || target.size(0) != n)
            throw new IllegalArgumentException(metric + ": target of shape " + java.util.Arrays.toString(target.shape())
                    + " does not match the batch size " + n + " of the output");
        if (target.numel() == n) {
            long[] l = target.toLongArray();
            double[] d = target.dtype().isFloating() ? target.toDoubleArray() : null;
            int[] out = new int[n];
            for (int i = 0; i < n; i++) out[i] = d != null ? (int) Math.round(d[i]) : (int) l[i];
            return out;
        }
        return predicted(target, metric);
    }

    /** Checks labels are in [0, classes). */
    static void checkRange(int[] labels, int classes, String metric, String what) {
        for (int v : labels)
            if (v < 0 || v >= classes)
                throw new IllegalArgumentException(metric + ": " + what + " class " + v + " is outside [0, " + classes + ")");
    }
}
