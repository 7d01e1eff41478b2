package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/** {@code lr = ηmin + (base - ηmin)·(1 + cos(π·epoch/Tmax))/2} (PyTorch's closed form; periodic past Tmax). */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        require(tMax > 0, "CosineAnnealingLR: tMax must be > 0, got " + tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialStep();
    }

    @Override public double lrAt(double baseLr, int epoch) {
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }
}
