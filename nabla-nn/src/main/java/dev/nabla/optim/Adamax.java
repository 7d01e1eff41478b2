package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import jdk.incubator.vector.FloatVector;

import java.util.List;
import java.util.Map;

import static dev.nabla.optim.UpdateKernels.S;

/**
 * Adamax (PyTorch 1.13): {@code g = grad + wd·p; m = β1 m + (1-β1) g; u = max(β2 u, |g| + eps);
 * p -= lr/(1-β1^t) · m / u}. State: {@code step}, {@code exp_avg}, {@code exp_inf}.
 */
public final class Adamax extends Optimizer {
    /** lr 2e-3, beta1 0.9, beta2 0.999, eps 1e-8, weight_decay 0. */
    public static Map<String, Double> defaults() {
        return Map.of("lr", 2e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "weight_decay", 0.0);
    }

    public Adamax(List<Tensor> params, double lr) { this(params, Map.of("lr", lr)); }

    public Adamax(List<Tensor> params, Map<String, Double> options) { super(params, merge("Adamax", defaults(), options)); }

    @Override protected void update(ParamGroup group, Tensor p, Tensor grad, Map<String, Tensor> state) {
        long t = nextStep(state);
        float b1 = (float) group.get("beta1"), c1 = (float) (1 - group.get("beta1")), b2 = (float) group.get("beta2"), eps = (float) group.get("eps");
        float wd = (float) group.get("weight_decay"), clr = (float) (group.get("lr") / (1 - Math.pow(group.get("beta1"), t)));
        float[] m = buffer(state, "exp_avg", p, 0).storage().floats(), u = buffer(state, "exp_inf", p, 0).storage().floats();
        UpdateKernels.forEachRange(p, grad, (pd, po, gd, go, s, e) -> {
            int i = s;
            for (int bound = s + S.loopBound(e - s); i < bound; i += S.length()) {
                FloatVector pv = FloatVector.fromArray(S, pd, po + i);
                FloatVector g = FloatVector.fromArray(S, gd, go + i).add(pv.mul(wd));
                FloatVector mi = FloatVector.fromArray(S, m, i).mul(b1).add(g.mul(c1));
                mi.intoArray(m, i);
                FloatVector ui = FloatVector.fromArray(S, u, i).mul(b2).max(g.abs().add(eps));
                ui.intoArray(u, i);
                pv.sub(mi.mul(clr).div(ui)).intoArray(pd, po + i);
            }
            for (; i < e; i++) {
                float g = gd[go + i] + wd * pd[po + i];
                float mi = m[i] = b1 * m[i] + c1 * g;
                float ui = u[i] = Math.max(b2 * u[i], Math.abs(g) + eps);
                pd[po + i] -= clr * mi / ui;
            }
        });
    }
}
