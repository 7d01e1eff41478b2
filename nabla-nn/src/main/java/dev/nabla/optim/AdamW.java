package dev.nabla.optim;

import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay (PyTorch 1.13 AdamW): {@code p *= 1 - lr·wd} first, then the
 * Adam update with the raw gradient. Default weight_decay 0.01. State as {@link Adam}.
 */
public final class AdamW extends Adam {
    /** As {@link Adam#defaults()} but weight_decay 0.01. */
    public static Map<String, Double> defaults() {
        var d = new java.util.LinkedHashMap<>(Adam.defaults());
        d.put("weight_decay", 0.01);
        return d;
    }

    public AdamW(List<Tensor> params, double lr) { this(params, Map.of("lr", lr)); }

    public AdamW(List<Tensor> params, Map<String, Double> options) { super("AdamW", params, options, defaults()); }

    @Override boolean decoupled() { return true; }
}
