package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

import java.util.List;

/**
 * Several schedules applied together: the lr is the base lr times the product of each schedule's
 * factor {@code lrAt(base, e) / base}. For multiplicative schedules (step, multi-step, exponential,
 * linear) this is exactly PyTorch's ChainedScheduler; for ones with an absolute floor (cosine's
 * ηmin) the floor is scaled by the other factors.
 */
public final class ChainedScheduler extends LRScheduler {
    private final List<LRScheduler> schedulers;

    public ChainedScheduler(Optimizer optimizer, List<LRScheduler> schedulers) {
        super(optimizer);
        require(!schedulers.isEmpty(), "ChainedScheduler: needs at least one scheduler");
        this.schedulers = List.copyOf(schedulers);
        initialStep();
    }

    @Override public double lrAt(double baseLr, int epoch) {
        double lr = baseLr;
        for (LRScheduler s : schedulers) lr *= baseLr == 0 ? 0 : s.lrAt(baseLr, epoch) / baseLr;
        return lr;
    }
}
