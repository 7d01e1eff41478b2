package dev.nabla.train.callbacks;

import dev.nabla.autograd.GradMode;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.History;
import dev.nabla.train.Model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops training when a monitored quantity has not improved for {@code patience} epochs; can put
 * back the weights of the best epoch at the end.
 */
public final class EarlyStopping implements Callback {
    private final Monitor monitor;
    private final int patience;
    private final boolean restoreBest;
    private int wait, bestEpoch, stoppedEpoch;
    private Map<String, Tensor> bestWeights;

    /**
     * @param monitor     a log key, e.g. {@code val_loss} (minimized) or {@code val_accuracy} (maximized)
     * @param patience    epochs without improvement before stopping
     * @param restoreBest copy the best epoch's weights back when training ends
     */
    public EarlyStopping(String monitor, int patience, boolean restoreBest) { this(monitor, patience, 0, restoreBest); }

    public EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBest) {
        if (patience < 0) throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        this.monitor = new Monitor(monitor, minDelta);
        this.patience = patience;
        this.restoreBest = restoreBest;
    }

    @Override public void onTrainBegin(Model model) {
        monitor.reset();
        wait = 0; bestEpoch = 0; stoppedEpoch = 0;
        bestWeights = null;
    }

    @Override public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        if (monitor.improved(monitor.value(logs, "EarlyStopping"))) {
            wait = 0;
            bestEpoch = epoch;
            if (restoreBest) bestWeights = snapshot(model);
        } else if (++wait > patience) {
            stoppedEpoch = epoch;
            model.stopTraining();
        }
    }

    @Override public void onTrainEnd(Model model, History history) {
        if (restoreBest && bestWeights != null && bestEpoch != model.epoch()) model.module().loadStateDict(bestWeights);
    }

    private static Map<String, Tensor> snapshot(Model model) {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        try (var g = GradMode.noGrad()) {
            for (var e : model.module().stateDict().entrySet()) copy.put(e.getKey(), e.getValue().detach().clone());
        }
        return copy;
    }

    /** The epoch with the best monitored value (0 before any). */
    public int bestEpoch() { return bestEpoch; }

    /** The epoch at which training was stopped, or 0 if it ran to the end. */
    public int stoppedEpoch() { return stoppedEpoch; }

    public double bestValue() { return monitor.best; }
}
