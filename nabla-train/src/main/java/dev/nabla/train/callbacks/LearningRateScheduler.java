package dev.nabla.train.callbacks;

import dev.nabla.train.Model;

import java.util.function.IntToDoubleFunction;

/**
 * Sets the learning rate at the start of every epoch from a function of the (1-based) epoch.
 * The function is stateless, so a resumed run gets the same rates as an uninterrupted one.
 */
public final class LearningRateScheduler implements Callback {
    private final IntToDoubleFunction schedule;

    public LearningRateScheduler(IntToDoubleFunction schedule) { this.schedule = schedule; }

    /** lr · factor^⌊(epoch − 1) / every⌋. */
    public static LearningRateScheduler step(double lr, double factor, int every) {
        if (every < 1) throw new IllegalArgumentException("LearningRateScheduler.step: every must be >= 1, got " + every);
        return new LearningRateScheduler(e -> lr * Math.pow(factor, (e - 1) / every));
    }

    /** lr · gamma^(epoch − 1). */
    public static LearningRateScheduler exponential(double lr, double gamma) {
        return new LearningRateScheduler(e -> lr * Math.pow(gamma, e - 1));
    }

    /** Cosine from lr (epoch 1) down towards minLr at epoch {@code epochs + 1}. */
    public static LearningRateScheduler cosine(double lr, double minLr, int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("LearningRateScheduler.cosine: epochs must be >= 1, got " + epochs);
        return new LearningRateScheduler(e -> minLr + (lr - minLr) * 0.5 * (1 + Math.cos(Math.PI * (e - 1) / epochs)));
    }

    @Override public void onEpochBegin(Model model, int epoch) {
        double lr = schedule.applyAsDouble(epoch);
        if (!(lr >= 0) || Double.isInfinite(lr))
            throw new IllegalArgumentException("LearningRateScheduler: schedule gave lr " + lr + " for epoch " + epoch + " (need a finite value >= 0)");
        model.optimizer().setLr(lr);
    }
}
