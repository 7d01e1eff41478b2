package dev.nabla.train.metrics;

import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/**
 * Area under the ROC curve of a binary classifier, exact: the Mann-Whitney statistic over all scores
 * seen (ties count one half). Output: one score per row ([N] or [N, 1], probability or logit — only
 * the order matters) or two columns [N, 2] whose second is the positive class. Target: 0/1.
 */
public final class Auc implements Metric {
    private double[] scores = new double[1024];
    private boolean[] positive = new boolean[1024];
    private int n;

    @Override public String name() { return "auc"; }

    @Override public void reset() { n = 0; }

    @Override public void update(Tensor output, Tensor target) {
        int rows = output.dim() == 0 ? 1 : output.size(0);
        int cols = output.numel() / Math.max(rows, 1);
        if (cols != 1 && cols != 2)
            throw new IllegalArgumentException("auc: output of shape " + Arrays.toString(output.shape()) + " must be [N], [N, 1] or [N, 2] for a binary problem");
        float[] f = output.toFloatArray();
        int[] t = Labels.actual(target, rows, "auc");
        Labels.checkRange(t, 2, "auc", "target");
        if (n + rows > scores.length) {
            int cap = Math.max(n + rows, scores.length * 2);
            scores = Arrays.copyOf(scores, cap);
            positive = Arrays.copyOf(positive, cap);
        }
        for (int i = 0; i < rows; i++) {
            scores[n] = cols == 1 ? f[i] : f[2 * i + 1];
            positive[n++] = t[i] == 1;
        }
    }

    @Override public double result() {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSumPos = 0;
        long pos = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) j++;
            double avgRank = (i + j) / 2.0 + 1; // tied scores share the mean of their ranks
            for (int k = i; k <= j; k++) if (positive[order[k]]) { rankSumPos += avgRank; pos++; }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) return Double.NaN;
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }
}
