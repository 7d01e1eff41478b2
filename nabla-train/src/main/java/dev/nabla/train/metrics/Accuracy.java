package dev.nabla.train.metrics;

import dev.nabla.tensor.Tensor;

/** Fraction of rows whose predicted class (argmax, or probability ≥ 0.5 for one output) equals the label. */
public final class Accuracy implements Metric {
    private long correct, total;

    @Override public String name() { return "accuracy"; }

    @Override public void reset() { correct = total = 0; }

    @Override public void update(Tensor output, Tensor target) {
        int[] p = Labels.predicted(output, "accuracy");
        int[] t = Labels.actual(target, p.length, "accuracy");
        for (int i = 0; i < p.length; i++) if (p[i] == t[i]) correct++;
        total += p.length;
    }

    @Override public double result() { return total == 0 ? Double.NaN : (double) correct / total; }
}
