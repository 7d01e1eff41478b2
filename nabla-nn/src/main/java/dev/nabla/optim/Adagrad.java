package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import jdk.incubator.vector.FloatVector;

import java.util.List;
import java.util.Map;

import static dev.nabla.optim.UpdateKernels.S;

/**
 * Adagrad (PyTorch 1.13): {@code g = grad + wd·p; clr = lr / (1 + (t-1)·lr_decay); sum += g²;
 * p -= clr · g / (sqrt(sum) + eps)}. State: {@code step}, {@code sum} (starts at
 * initial_accumulator_value).
 */
public final class Adagrad extends Optimizer {
    /** lr 1e-2, lr_decay 0, weight_decay 0, initial_accumulator_value 0, eps 1e-10. */
    public static Map<String, Double> defaults() {
        return Map.of("lr", 1e-2, "lr_decay", 0.0, "weight_decay", 0.0, "initial_accumulator_value", 0.0, "eps", 1e-10);
    }

    public Adagrad(List<Tensor> params, double lr) { this(params, Map.of("lr", lr)); }

    public Adagrad(List<Tensor> params, Map<String, Double> options) { super(params, merge("Adagrad", defaults(), options)); }

    @Override protected void update(ParamGroup group, Tensor p, Tensor grad, Map<String, Tensor> state) {
        long t = nextStep(state);
        float clr = (float) (group.get("lr") / (1 + (t - 1) * group.get("lr_decay")));
        float wd = (float) group.get("weight_decay"), eps = (float) group.get("eps");
        float[] sum = buffer(state, "sum", p, group.get("initial_accumulator_value")).storage().floats();
        UpdateKernels.forEachRange(p, grad, (pd, po, gd, go, s, e) -> {
            int i = s;
            for (int bound = s + S.loopBound(e - s); i < bound; i += S.length()) {
                FloatVector pv = FloatVector.fromArray(S, pd, po + i);
                FloatVector g = FloatVector.fromArray(S, gd, go + i).add(pv.mul(wd));
                FloatVector acc = FloatVector.fromArray(S, sum, i).add(g.mul(g));
                acc.intoArray(sum, i);
                pv.sub(g.mul(clr).div(acc.sqrt().add(eps))).intoArray(pd, po + i);
            }
            for (; i < e; i++) {
                float g = gd[go + i] + wd * pd[po + i];
                float acc = sum[i] += g * g;
                pd[po + i] -= clr * g / ((float) Math.sqrt(acc) + eps);
            }
        });
    }
}
