package dev.nabla.train.metrics;

import dev.nabla.tensor.Tensor;

/**
 * Counts of (true class, predicted class) pairs; also the base of {@link Precision}, {@link Recall}
 * and {@link F1Score}, which read their values off the matrix. {@link #result()} is the accuracy.
 */
public class ConfusionMatrix implements Metric {
    protected final int classes;
    /** counts[actual][predicted]. */
    protected final long[][] counts;

    public ConfusionMatrix(int classes) {
        if (classes < 2) throw new IllegalArgumentException(getClass().getSimpleName() + ": need at least 2 classes, got " + classes);
        this.classes = classes;
        this.counts = new long[classes][classes];
    }

    @Override public String name() { return "confusion_matrix"; }

    @Override public boolean scalar() { return false; }

    @Override public void reset() { for (long[] row : counts) java.util.Arrays.fill(row, 0); }

    @Override public void update(Tensor output, Tensor target) {
        int[] p = Labels.predicted(output, name());
        int[] t = Labels.actual(target, p.length, name());
        Labels.checkRange(p, classes, name(), "predicted");
        Labels.checkRange(t, classes, name(), "target");
        for (int i = 0; i < p.length; i++) counts[t[i]][p[i]]++;
    }

    /** A copy of the counts, rows = true class, columns = predicted class. */
    public long[][] matrix() {
        long[][] m = new long[classes][];
        for (int i = 0; i < classes; i++) m[i] = counts[i].clone();
        return m;
    }

    public int classes() { return classes; }

    @Override public double result() {
        long diag = 0, all = 0;
        for (int i = 0; i < classes; i++) for (int j = 0; j < classes; j++) { all += counts[i][j]; if (i == j) diag += counts[i][j]; }
        return all == 0 ? Double.NaN : (double) diag / all;
    }

    protected long truePositives(int c) { return counts[c][c]; }

    protected long predictedAs(int c) { long s = 0; for (int i = 0; i < classes; i++) s += counts[i][c]; return s; }

    protected long actually(int c) { long s = 0; for (long v : counts[c]) s += v; return s; }

    /** Precision of class c (0 when nothing was predicted as c, like scikit-learn's zero_division=0). */
    protected double precisionOf(int c) { long d = predictedAs(c); return d == 0 ? 0 : (double) truePositives(c) / d; }

    protected double recallOf(int c) { long d = actually(c); return d == 0 ? 0 : (double) truePositives(c) / d; }

    protected double f1Of(int c) {
        double p = precisionOf(c), r = recallOf(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    protected double macro(java.util.function.IntToDoubleFunction perClass) {
        long all = 0;
        for (long[] row : counts) for (long v : row) all += v;
        if (all == 0) return Double.NaN;
        double s = 0;
        for (int c = 0; c < classes; c++) s += perClass.applyAsDouble(c);
        return s / classes;
    }
}
