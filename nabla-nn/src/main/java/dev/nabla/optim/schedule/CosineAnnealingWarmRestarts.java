package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/**
 * SGDR: cosine annealing restarted after T_0 epochs, then T_0·T_mult, T_0·T_mult², ...:
 * {@code lr = ηmin + (base - ηmin)·(1 + cos(π·Tcur/Ti))/2} with Tcur the epochs since the last restart.
 */
public final class CosineAnnealingWarmRestarts extends LRScheduler {
    private final int t0, tMult;
    private final double etaMin;

    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult, double etaMin) {
        super(optimizer);
        require(t0 > 0, "CosineAnnealingWarmRestarts: T_0 must be > 0, got " + t0);
        require(tMult >= 1, "CosineAnnealingWarmRestarts: T_mult must be >= 1, got " + tMult);
        this.t0 = t0;
        this.tMult = tMult;
        this.etaMin = etaMin;
        initialStep();
    }

    @Override public double lrAt(double baseLr, int epoch) {
        // walk the cycles in integers: the log-based formula misplaces restarts by rounding
        long ti = t0, tCur = epoch;
        while (tCur >= ti) { tCur -= ti; ti *= tMult; }
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * tCur / ti)) / 2;
    }
}
