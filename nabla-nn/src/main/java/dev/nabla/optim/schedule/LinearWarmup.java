package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/**
 * Linear warmup: {@code lr = base·(s + (1 - s)·min(epoch, T)/T)}, i.e. {@link LinearLR} ending at
 * factor 1. Usually the first stage of a {@link SequentialLR}.
 */
public final class LinearWarmup extends LinearLR {
    public LinearWarmup(Optimizer optimizer, double startFactor, int warmupIters) {
        super(optimizer, startFactor, 1, warmupIters);
    }
}
