package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/** {@code lr = base · γ^⌊epoch / stepSize⌋}. */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        require(stepSize > 0, "StepLR: stepSize must be > 0, got " + stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep();
    }

    @Override public double lrAt(double baseLr, int epoch) { return baseLr * Math.pow(gamma, epoch / stepSize); }
}
