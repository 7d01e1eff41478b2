package dev.nabla.train.metrics;

/** Mean of |output − target| over all elements. */
public final class MeanAbsoluteError extends PointwiseMean {
    @Override public String name() { return "mae"; }

    @Override double term(double d) { return Math.abs(d); }
}
