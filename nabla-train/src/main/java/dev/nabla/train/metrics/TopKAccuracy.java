package dev.nabla.train.metrics;

import dev.nabla.tensor.Tensor;

/** Fraction of rows whose label is among the k highest scores (ties resolved in the label's favour). */
public final class TopKAccuracy implements Metric {
    private final int k;
    private long correct, total;

    public TopKAccuracy(int k) {
        if (k < 1) throw new IllegalArgumentException("TopKAccuracy: k must be >= 1, got " + k);
        this.k = k;
    }

    @Override public String name() { return "top" + k + "_accuracy"; }

    @Override public void reset() { correct = total = 0; }

    @Override public void update(Tensor output, Tensor target) {
        if (output.dim() != 2)
            throw new IllegalArgumentException(name() + ": output must be [N, C] scores, got shape " + java.util.Arrays.toString(output.shape()));
        int n = output.size(0), c = output.size(1);
        int[] t = Labels.actual(target, n, name());
        Labels.checkRange(t, c, name(), "target");
        float[] f = output.toFloatArray();
        for (int i = 0; i < n; i++) {
            float s = f[i * c + t[i]];
            int above = 0;
            for (int j = 0; j < c; j++) if (f[i * c + j] > s) above++;
            if (above < k) correct++;
        }
        total += n;
    }

    @Override public double result() { return total == 0 ? Double.NaN : (double) correct / total; }
}
