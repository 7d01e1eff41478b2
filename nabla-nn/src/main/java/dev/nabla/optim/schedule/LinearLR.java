package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/**
 * Linear change of the lr factor from {@code startFactor} to {@code endFactor} over
 * {@code totalIters} epochs, then constant: {@code lr = base·(s + (e - s)·min(epoch, T)/T)}.
 * With {@code endFactor = 1} it is a linear warmup ({@link #warmup}).
 */
public class LinearLR extends LRScheduler {
    private final double startFactor, endFactor;
    private final int totalIters;

    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        require(startFactor > 0 && startFactor <= 1, "LinearLR: startFactor must be in (0, 1], got " + startFactor);
        require(endFactor >= 0 && endFactor <= 1, "LinearLR: endFactor must be in [0, 1], got " + endFactor);
        require(totalIters > 0, "LinearLR: totalIters must be > 0, got " + totalIters);
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep();
    }

    /** Linear warmup from {@code startFactor·base} to base over {@code warmupIters} steps. */
    public static LinearLR warmup(Optimizer optimizer, double startFactor, int warmupIters) {
        return new LinearWarmup(optimizer, startFactor, warmupIters);
    }

    @Override public double lrAt(double baseLr, int epoch) {
        return baseLr * (startFactor + (endFactor - startFactor) * Math.min(epoch, totalIters) / totalIters);
    }
}
