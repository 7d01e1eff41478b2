package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A learning-rate schedule given in closed form: the lr of each parameter group at epoch (or
 * step) {@code e} is {@link #lrAt(double, int)} of that group's base lr. Construction sets epoch 0's
 * lr; each {@link #step()} advances one epoch and writes the new lr into the optimizer's groups.
 * The base lr of a group is its {@code initial_lr} option (set from {@code lr} by the first
 * scheduler attached), so several schedulers over one optimizer agree on it.
 *
 * <pre>{@code
 * var sched = new CosineAnnealingLR(opt, 100, 0);
 * for (int epoch = 0; epoch < 100; epoch++) { train(); sched.step(); }
 * }</pre>
 */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    protected final double[] baseLrs;
    protected int lastEpoch;

    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        var groups = optimizer.paramGroups();
        baseLrs = new double[groups.size()];
        for (int g = 0; g < baseLrs.length; g++) {
            var opts = groups.get(g).options;
            opts.putIfAbsent("initial_lr", opts.get("lr"));
            baseLrs[g] = opts.get("initial_lr");
        }
    }

    /** Call at the end of a subclass constructor: writes epoch 0's lr. */
    protected final void initialStep() { apply(); }

    /** The lr at {@code epoch} of a group whose base lr is {@code baseLr}. */
    public abstract double lrAt(double baseLr, int epoch);

    /** Advances one epoch and updates the optimizer's learning rates. */
    public void step() {
        lastEpoch++;
        apply();
    }

    /** Jumps to {@code epoch} (e.g. when resuming) and updates the learning rates. */
    public void setEpoch(int epoch) {
        lastEpoch = epoch;
        apply();
    }

    protected void apply() {
        var groups = optimizer.paramGroups();
        for (int g = 0; g < baseLrs.length; g++) groups.get(g).options.put("lr", lrAt(baseLrs[g], lastEpoch));
    }

    public int lastEpoch() { return lastEpoch; }

    /** The current lr of every group. */
    public double[] lastLr() {
        var groups = optimizer.paramGroups();
        double[] out = new double[groups.size()];
        for (int g = 0; g < out.length; g++) out[g] = groups.get(g).get("lr");
        return out;
    }

    /** {@code last_epoch} and the base lrs: enough to resume, since the lr is a function of them. */
    public Map<String, Object> stateDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("last_epoch", lastEpoch);
        m.put("base_lrs", baseLrs.clone());
        return m;
    }

    public void loadStateDict(Map<String, Object> state) {
        double[] b = (double[]) state.get("base_lrs");
        if (b.length != baseLrs.length)
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: " + b.length + " base lrs for " + baseLrs.length + " groups");
        System.arraycopy(b, 0, baseLrs, 0, b.length);
        setEpoch(((Number) state.get("last_epoch")).intValue());
    }

    static void require(boolean ok, String message) { if (!ok) throw new IllegalArgumentException(message); }
}
