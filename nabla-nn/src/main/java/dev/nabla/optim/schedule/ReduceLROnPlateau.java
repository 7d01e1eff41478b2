package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Multiplies every group's lr by {@code factor} (not below {@code minLr}) when the monitored metric
 * has not improved for more than {@code patience} epochs, then waits {@code cooldown} epochs.
 * Improvement: in {@code min} mode {@code a < best·(1 - threshold)} (relative) or
 * {@code a < best - threshold} (absolute); mirrored in {@code max} mode. Reductions smaller than
 * 1e-8 are skipped, as in PyTorch.
 */
public final class ReduceLROnPlateau {
    public enum Mode { MIN, MAX }

    private final Optimizer optimizer;
    private final Mode mode;
    private final double factor, threshold, minLr, eps = 1e-8;
    private final boolean relative;
    private final int patience, cooldown;
    private double best;
    private int badEpochs, cooldownCounter, lastEpoch;

    /**
     * @param relative threshold mode: true = "rel", false = "abs"
     */
    public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience, double threshold, boolean relative,
                             int cooldown, double minLr) {
        LRScheduler.require(factor < 1 && factor >= 0, "ReduceLROnPlateau: factor must be in [0, 1), got " + factor);
        LRScheduler.require(patience >= 0 && cooldown >= 0, "ReduceLROnPlateau: patience and cooldown must be >= 0, got " + patience + ", " + cooldown);
        this.optimizer = optimizer;
        this.mode = mode;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.relative = relative;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** PyTorch's defaults: min mode, factor 0.1, patience 10, threshold 1e-4 relative, no cooldown, minLr 0. */
    public ReduceLROnPlateau(Optimizer optimizer) { this(optimizer, Mode.MIN, 0.1, 10, 1e-4, true, 0, 0); }

    private boolean better(double a) {
        if (mode == Mode.MIN) return relative ? a < best * (1 - threshold) : a < best - threshold;
        return relative ? a > best * (1 + threshold) : a > best + threshold;
    }

    /** Records one epoch's metric value and reduces the lr if it has plateaued. */
    public void step(double metric) {
        lastEpoch++;
        if (better(metric)) { best = metric; badEpochs = 0; }
        else badEpochs++;
        if (cooldownCounter > 0) { cooldownCounter--; badEpochs = 0; }
        if (badEpochs > patience) {
            for (Optimizer.ParamGroup g : optimizer.paramGroups()) {
                double old = g.get("lr"), lr = Math.max(old * factor, minLr);
                if (old - lr > eps) g.options.put("lr", lr);
            }
            cooldownCounter = cooldown;
            badEpochs = 0;
        }
    }

    public double best() { return best; }

    public Map<String, Object> stateDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("best", best);
        m.put("num_bad_epochs", badEpochs);
        m.put("cooldown_counter", cooldownCounter);
        m.put("last_epoch", lastEpoch);
        return m;
    }

    public void loadStateDict(Map<String, Object> s) {
        best = ((Number) s.get("best")).doubleValue();
        badEpochs = ((Number) s.get("num_bad_epochs")).intValue();
        cooldownCounter = ((Number) s.get("cooldown_counter")).intValue();
        lastEpoch = ((Number) s.get("last_epoch")).intValue();
    }
}
