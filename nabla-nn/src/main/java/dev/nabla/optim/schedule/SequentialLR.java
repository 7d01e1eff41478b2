package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

import java.util.List;

/**
 * Schedules one after the other: before {@code milestones[0]} the first, then the second restarted
 * at its epoch 0, and so on (PyTorch's SequentialLR). E.g. 5 warmup epochs then cosine:
 * <pre>{@code
 * new SequentialLR(opt, List.of(LinearLR.warmup(opt, 0.1, 5), new CosineAnnealingLR(opt, 95, 0)), new int[]{5});
 * }</pre>
 */
public final class SequentialLR extends LRScheduler {
    private final List<LRScheduler> schedulers;
    private final int[] milestones;

    public SequentialLR(Optimizer optimizer, List<LRScheduler> schedulers, int[] milestones) {
        super(optimizer);
        require(schedulers.size() == milestones.length + 1, "SequentialLR: " + schedulers.size()
                + " schedulers need " + (schedulers.size() - 1) + " milestones, got " + milestones.length);
        for (int k = 1; k < milestones.length; k++)
            require(milestones[k] > milestones[k - 1], "SequentialLR: milestones must be increasing, got " + java.util.Arrays.toString(milestones));
        this.schedulers = List.copyOf(schedulers);
        this.milestones = milestones.clone();
        initialStep();
    }

    @Override public double lrAt(double baseLr, int epoch) {
        int k = 0;
        while (k < milestones.length && epoch >= milestones[k]) k++;
        return schedulers.get(k).lrAt(baseLr, k == 0 ? epoch : epoch - milestones[k - 1]);
    }
}
