package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/**
 * The 1cycle policy (Smith and Topin 2018), stepped once per batch: from {@code maxLr/divFactor} up
 * to {@code maxLr} over the first {@code pctStart·totalSteps} steps, then down to
 * {@code initial/finalDivFactor} at step {@code totalSteps - 1}; with {@code threePhase} it first
 * comes back to the initial lr, then anneals to the minimum. Phase boundaries at
 * {@code pctStart·total - 1} (and {@code 2·pctStart·total - 2}), annealing cosine or linear, as PyTorch.
 * The optimizer's own lr is ignored (the base lr of every group becomes {@code maxLr/divFactor}).
 */
public final class OneCycleLR extends LRScheduler {
    private final double maxLr, divFactor, finalDivFactor;
    private final int totalSteps;
    private final double[] phaseEnds;
    private final boolean cosine, threePhase;

    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart, boolean cosine,
                      double divFactor, double finalDivFactor, boolean threePhase) {
        super(optimizer);
        require(totalSteps > 0, "OneCycleLR: totalSteps must be > 0, got " + totalSteps);
        require(pctStart > 0 && pctStart < 1, "OneCycleLR: pctStart must be in (0, 1), got " + pctStart);
        this.maxLr = maxLr;
        this.totalSteps = totalSteps;
        this.divFactor = divFactor;
        this.finalDivFactor = finalDivFactor;
        this.cosine = cosine;
        this.threePhase = threePhase;
        this.phaseEnds = threePhase
                ? new double[]{pctStart * totalSteps - 1, 2 * pctStart * totalSteps - 2, totalSteps - 1}
                : new double[]{pctStart * totalSteps - 1, totalSteps - 1};
        for (int g = 0; g < baseLrs.length; g++) {
            baseLrs[g] = maxLr / divFactor;
            optimizer.paramGroups().get(g).options.put("initial_lr", baseLrs[g]);
        }
        initialStep();
    }

    /** PyTorch's defaults: pctStart 0.3, cosine, divFactor 25, finalDivFactor 1e4, two phases. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
        this(optimizer, maxLr, totalSteps, 0.3, true, 25, 1e4, false);
    }

    @Override public double lrAt(double baseLr, int step) {
        if (step > totalSteps)
            throw new IllegalStateException("OneCycleLR: stepped " + step + " times, more than totalSteps = " + totalSteps);
        double initial = maxLr / divFactor, min = initial / finalDivFactor;
        double[] from = threePhase ? new double[]{initial, maxLr, initial} : new double[]{initial, maxLr};
        double[] to = threePhase ? new double[]{maxLr, initial, min} : new double[]{maxLr, min};
        double start = 0;
        for (int k = 0; k < phaseEnds.length; k++) {
            if (step <= phaseEnds[k] || k == phaseEnds.length - 1) {
                double pct = (step - start) / (phaseEnds[k] - start);
                return cosine ? to[k] + (from[k] - to[k]) / 2 * (Math.cos(Math.PI * pct) + 1) : (to[k] - from[k]) * pct + from[k];
            }
            start = phaseEnds[k];
        }
        throw new AssertionError();
    }
}
