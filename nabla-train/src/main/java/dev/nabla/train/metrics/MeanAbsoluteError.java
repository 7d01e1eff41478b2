package dev.nabla.train.metrics;

import dev.nabla.tensor.Tensor;

/** Mean of |output − target| over all elements. */
public final class MeanAbsoluteError implements Metric {
    private double sum;
    private long count;

    @Override public String name() { return "mae"; }

    @Override public void reset() { sum = 0; count = 0; }

    @Override public void update(Tensor output, Tensor target) {
        double[][] ot = Regression.pair(output, target, name());
        for (int i = 0; i < ot[0].length; i++) sum += Math.abs(ot[0][i] - ot[1][i]);
        count += ot[0].length;
    }

    @Override public double result() { return count == 0 ? Double.NaN : sum / count; }
}
