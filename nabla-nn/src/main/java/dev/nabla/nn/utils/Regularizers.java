package dev.nabla.nn.utils;

import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Tensor;

/**
 * Penalty terms to add to the loss (differentiable, so their gradients flow through backward).
 * Weight decay inside the optimizer (option {@code weight_decay}) is the cheaper alternative to
 * {@link #l2}; these helpers exist for L1, and for penalties that should show up in the loss value.
 *
 * <pre>{@code
 * Tensor loss = Losses.crossEntropy(logits, y).add(Regularizers.penalty(opt));
 * }</pre>
 */
public final class Regularizers {
    private Regularizers() {}

    /** {@code coeff · Σ_p Σ_i |p_i|}, a scalar. Parameters not modified. */
    public static Tensor l1(Iterable<Tensor> params, double coeff) {
        Tensor acc = Tensor.scalar(0);
        for (Tensor p : params) acc = acc.add(p.abs().sum());
        return acc.mul(coeff);
    }

    /** {@code coeff · Σ_p Σ_i p_i²} (gradient {@code 2·coeff·p}), a scalar. Parameters not modified. */
    public static Tensor l2(Iterable<Tensor> params, double coeff) {
        Tensor acc = Tensor.scalar(0);
        for (Tensor p : params) acc = acc.add(p.square().sum());
        return acc.mul(coeff);
    }

    /**
     * The sum over {@code opt}'s parameter groups of {@code l1(group, group.l1) + l2(group, group.l2)},
     * reading the group options {@code l1} and {@code l2} (absent = 0), so each group can carry its
     * own penalty strength (e.g. none on biases).
     */
    public static Tensor penalty(Optimizer opt) {
        Tensor acc = Tensor.scalar(0);
        for (Optimizer.ParamGroup g : opt.paramGroups()) {
            double a = g.options.getOrDefault("l1", 0.0), b = g.options.getOrDefault("l2", 0.0);
            if (a != 0) acc = acc.add(l1(g.params, a));
            if (b != 0) acc = acc.add(l2(g.params, b));
        }
        return acc;
    }
}
