package dev.nabla.optim;

import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and coupled weight
 * decay (PyTorch 1.13 semantics): {@code g = grad + wd·p}; {@code buf = g} at the first step, else
 * {@code momentum·buf + (1-dampening)·g}; {@code d = g + momentum·buf} if nesterov else {@code buf};
 * {@code p -= lr·d}. State: {@code momentum_buffer} (only when momentum != 0).
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), Map.of("lr", 0.1, "momentum", 0.9, "nesterov", 1.0));
 * }</pre>
 */
public final class SGD extends Optimizer {
    /** lr 1e-3, momentum 0, dampening 0, weight_decay 0, nesterov 0 (flag). */
    public static Map<String, Double> defaults() {
        return Map.of("lr", 1e-3, "momentum", 0.0, "dampening", 0.0, "weight_decay", 0.0, "nesterov", 0.0);
    }

    public SGD(List<Tensor> params, double lr) { this(params, Map.of("lr", lr)); }

    public SGD(List<Tensor> params, Map<String, Double> options) {
        super(params, merge("SGD", defaults(), options));
        ParamGroup g = groups.getFirst();
        if (g.flag("nesterov") && (g.get("momentum") <= 0 || g.get("dampening") != 0))
            throw new IllegalArgumentException("SGD: nesterov needs momentum > 0 and dampening = 0, got momentum "
                    + g.get("momentum") + ", dampening " + g.get("dampening"));
    }

    @Override protected void update(ParamGroup group, Tensor p, Tensor grad, Map<String, Tensor> state) {
        float mu = (float) group.get("momentum");
        Tensor buf = null;
        boolean first = false;
        if (mu != 0) {
            first = !state.containsKey("momentum_buffer");
            buf = buffer(state, "momentum_buffer", p, 0);
        }
        UpdateKernels.sgd(p.storage().floats(), p.offset(), grad.storage().floats(), grad.offset(),
                buf == null ? null : buf.storage().floats(), p.numel(), (float) group.get("lr"), mu,
                (float) (1 - group.get("dampening")), (float) group.get("weight_decay"), group.flag("nesterov"), first);
    }
}
