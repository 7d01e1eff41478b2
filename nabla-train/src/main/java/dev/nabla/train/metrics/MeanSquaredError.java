package dev.nabla.train.metrics;

/** Mean of (output − target)² over all elements. */
public final class MeanSquaredError extends PointwiseMean {
    @Override public String name() { return "mse"; }

    @Override double term(double d) { return d * d; }
}
