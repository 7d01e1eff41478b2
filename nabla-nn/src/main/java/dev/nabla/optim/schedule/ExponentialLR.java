package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/** {@code lr = base · γ^epoch}. */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
        initialStep();
    }

    @Override public double lrAt(double baseLr, int epoch) { return baseLr * Math.pow(gamma, epoch); }
}
