package dev.nabla.train.metrics;

import dev.nabla.tensor.Tensor;

/** Streaming mean of a function of (output − target) over all elements; the base of MAE and MSE. */
abstract sealed class PointwiseMean implements Metric permits MeanAbsoluteError, MeanSquaredError {
    private double sum;
    private long count;

    /** The per-element term for the difference {@code d = output − target}. */
    abstract double term(double d);

    @Override public void reset() { sum = 0; count = 0; }

    @Override public void update(Tensor output, Tensor target) {
        double[][] ot = Regression.pair(output, target, name());
        for (int i = 0; i < ot[0].length; i++) sum += term(ot[0][i] - ot[1][i]);
        count += ot[0].length;
    }

    @Override public double result() { return count == 0 ? Double.NaN : sum / count; }
}
