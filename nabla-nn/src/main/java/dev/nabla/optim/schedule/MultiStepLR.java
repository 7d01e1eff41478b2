package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/** {@code lr = base · γ^(number of milestones <= epoch)}; milestones increasing. */
public final class MultiStepLR extends LRScheduler {
    private final int[] milestones;
    private final double gamma;

    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer);
        for (int k = 1; k < milestones.length; k++)
            require(milestones[k] > milestones[k - 1], "MultiStepLR: milestones must be increasing, got " + java.util.Arrays.toString(milestones));
        this.milestones = milestones.clone();
        this.gamma = gamma;
        initialStep();
    }

    @Override public double lrAt(double baseLr, int epoch) {
        int passed = 0;
        for (int m : milestones) if (m <= epoch) passed++;
        return baseLr * Math.pow(gamma, passed);
    }
}
