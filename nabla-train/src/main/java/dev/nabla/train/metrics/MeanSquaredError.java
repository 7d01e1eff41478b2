package dev.nabla.train.metrics;

import dev.nabla.tensor.Tensor;

/** Mean of (output − target)² over all elements. */
public final class MeanSquaredError implements Metric {
    private double sum;
    private long count;

    @Override public String name() { return "mse"; }

    @Override public void reset() { sum = 0; count = 0; }

    @Override public void update(Tensor output, Tensor target) {
        double[][] ot = Regression.pair(output, target, name());
        for (int i = 0; i < ot[0].length; i++) { double d = ot[0][i] - ot[1][i]; sum += d * d; }
        count += ot[0].length;
    }

    @Override public double result() { return count == 0 ? Double.NaN : sum / count; }
}
