package dev.nabla.train.callbacks;

import dev.nabla.train.Model;

import java.util.Map;

/** Multiplies the learning rate by {@code factor} when the monitored quantity has not improved for {@code patience} epochs. */
public final class ReduceLROnPlateau implements Callback {
    private final Monitor monitor;
    private final double factor, minLr;
    private final int patience, cooldown;
    private int wait, cooldownLeft, reductions;

    public ReduceLROnPlateau(String monitor, double factor, int patience, double minLr) { this(monitor, factor, patience, 0, minLr, 0); }

    /**
     * @param factor   in (0, 1)
     * @param cooldown epochs to wait after a reduction before counting again
     */
    public ReduceLROnPlateau(String monitor, double factor, int patience, int cooldown, double minLr, double minDelta) {
        if (!(factor > 0 && factor < 1)) throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in (0, 1), got " + factor);
        if (patience < 0 || cooldown < 0) throw new IllegalArgumentException("ReduceLROnPlateau: patience and cooldown must be >= 0, got " + patience + ", " + cooldown);
        this.monitor = new Monitor(monitor, minDelta);
        this.factor = factor;
        this.patience = patience;
        this.cooldown = cooldown;
        this.minLr = minLr;
    }

    @Override public void onTrainBegin(Model model) { monitor.reset(); wait = 0; cooldownLeft = 0; }

    @Override public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        double v = monitor.value(logs, "ReduceLROnPlateau");
        if (cooldownLeft > 0) cooldownLeft--;
        if (monitor.improved(v)) { wait = 0; return; }
        if (cooldownLeft > 0) return;
        if (++wait > patience) {
            double lr = model.optimizer().lr();
            double next = Math.max(lr * factor, minLr);
            if (next < lr) { model.optimizer().setLr(next); reductions++; }
            wait = 0;
            cooldownLeft = cooldown;
        }
    }

    /** How many times the rate was lowered. */
    public int reductions() { return reductions; }
}
