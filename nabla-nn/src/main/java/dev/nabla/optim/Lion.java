package dev.nabla.optim;

import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"), decoupled weight decay:
 * {@code p *= 1 - lr·wd; p -= lr·sign(β1 m + (1-β1) g); m = β2 m + (1-β2) g}. State: {@code exp_avg}.
 */
public final class Lion extends Optimizer {
    /** lr 1e-4, beta1 0.9, beta2 0.99, weight_decay 0. */
    public static Map<String, Double> defaults() {
        return Map.of("lr", 1e-4, "beta1", 0.9, "beta2", 0.99, "weight_decay", 0.0);
    }

    public Lion(List<Tensor> params, double lr) { this(params, Map.of("lr", lr)); }

    public Lion(List<Tensor> params, Map<String, Double> options) { super(params, merge("Lion", defaults(), options)); }

    @Override protected void update(ParamGroup group, Tensor p, Tensor grad, Map<String, Tensor> state) {
        nextStep(state);
        double lr = group.get("lr");
        Tensor m = buffer(state, "exp_avg", p, 0);
        UpdateKernels.lion(p.storage().floats(), p.offset(), grad.storage().floats(), grad.offset(), m.storage().floats(),
                p.numel(), (float) lr, (float) group.get("beta1"), (float) (1 - group.get("beta1")),
                (float) group.get("beta2"), (float) (1 - group.get("beta2")), (float) (1 - lr * group.get("weight_decay")));
    }
}
