package dev.nabla.optim;

import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Adam with coupled L2 weight decay ({@code g = grad + wd·p}) and optional AMSGrad (PyTorch 1.13):
 * {@code m = β1 m + (1-β1) g; v = β2 v + (1-β2) g²; v̂ = max(v̂, v) (amsgrad);
 * p -= lr/(1-β1^t) · m / (sqrt(v)/sqrt(1-β2^t) + eps)}. One fused pass per parameter.
 * State: {@code step}, {@code exp_avg}, {@code exp_avg_sq}, {@code max_exp_avg_sq} (amsgrad).
 */
public class Adam extends Optimizer {
    /** lr 1e-3, beta1 0.9, beta2 0.999, eps 1e-8, weight_decay 0, amsgrad 0 (flag). */
    public static Map<String, Double> defaults() {
        return Map.of("lr", 1e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "weight_decay", 0.0, "amsgrad", 0.0);
    }

    public Adam(List<Tensor> params, double lr) { this(params, Map.of("lr", lr)); }

    public Adam(List<Tensor> params, Map<String, Double> options) { this("Adam", params, options, defaults()); }

    Adam(String name, List<Tensor> params, Map<String, Double> options, Map<String, Double> defaults) {
        super(params, merge(name, defaults, options));
        ParamGroup g = groups.getFirst();
        for (String b : new String[]{"beta1", "beta2"})
            if (g.get(b) < 0 || g.get(b) >= 1)
                throw new IllegalArgumentException(name + ": " + b + " must be in [0, 1), got " + g.get(b));
    }

    /** True for AdamW: weight decay shrinks the parameter instead of entering the gradient. */
    boolean decoupled() { return false; }

    @Override protected void update(ParamGroup group, Tensor p, Tensor grad, Map<String, Tensor> state) {
        long t = nextStep(state);
        double lr = group.get("lr"), b1 = group.get("beta1"), b2 = group.get("beta2"), wd = group.get("weight_decay");
        Tensor m = buffer(state, "exp_avg", p, 0), v = buffer(state, "exp_avg_sq", p, 0);
        Tensor vmax = group.flag("amsgrad") ? buffer(state, "max_exp_avg_sq", p, 0) : null;
        double bc1 = 1 - Math.pow(b1, t), bc2 = 1 - Math.pow(b2, t);
        var h = new UpdateKernels.AdamStep((float) b1, (float) b2, (float) (1 - b1), (float) (1 - b2), (float) (lr / bc1), (float) (1 / Math.sqrt(bc2)),
                (float) group.get("eps"), decoupled() ? 0f : (float) wd, decoupled() ? (float) (1 - lr * wd) : 1f);
        UpdateKernels.adam(p.storage().floats(), p.offset(), grad.storage().floats(), grad.offset(), m.storage().floats(),
                v.storage().floats(), vmax == null ? null : vmax.storage().floats(), p.numel(), h);
    }
}
