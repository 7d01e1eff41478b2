package dev.nabla.optim;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import jdk.incubator.vector.FloatVector;

import java.util.List;
import java.util.Map;

import static dev.nabla.optim.UpdateKernels.S;

/**
 * NAdam (PyTorch 1.13): {@code g = grad + wd·p; μ_t = β1 (1 - ½·0.96^(t·ψ)); Π_t = Π μ_1..μ_t;
 * m = β1 m + (1-β1) g; v = β2 v + (1-β2) g²; denom = sqrt(v / (1-β2^t)) + eps;
 * p -= lr (1-μ_t)/(1-Π_t) · g/denom + lr μ_{t+1}/(1-Π_t μ_{t+1}) · m/denom} (ψ = momentum_decay).
 * State: {@code step}, {@code mu_product} (float64 scalar), {@code exp_avg}, {@code exp_avg_sq}.
 */
public final class NAdam extends Optimizer {
    /** lr 2e-3, beta1 0.9, beta2 0.999, eps 1e-8, weight_decay 0, momentum_decay 4e-3. */
    public static Map<String, Double> defaults() {
        return Map.of("lr", 2e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "weight_decay", 0.0, "momentum_decay", 4e-3);
    }

    public NAdam(List<Tensor> params, double lr) { this(params, Map.of("lr", lr)); }

    public NAdam(List<Tensor> params, Map<String, Double> options) { super(params, merge("NAdam", defaults(), options)); }

    @Override protected void update(ParamGroup group, Tensor p, Tensor grad, Map<String, Tensor> state) {
        long t = nextStep(state);
        double lr = group.get("lr"), b1 = group.get("beta1"), b2 = group.get("beta2"), psi = group.get("momentum_decay");
        Tensor prod = state.computeIfAbsent("mu_product", k -> Tensor.scalar(1, DType.FLOAT64));
        double mu = b1 * (1 - 0.5 * Math.pow(0.96, t * psi)), muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * psi));
        double muProduct = prod.item() * mu;
        prod.set(muProduct);
        float cg = (float) (lr * (1 - mu) / (1 - muProduct)), cm = (float) (lr * muNext / (1 - muProduct * muNext));
        float fb1 = (float) b1, fb2 = (float) b2, c1 = (float) (1 - b1), c2 = (float) (1 - b2), bc2 = (float) (1 - Math.pow(b2, t)), eps = (float) group.get("eps");
        float wd = (float) group.get("weight_decay");
        float[] m = buffer(state, "exp_avg", p, 0).storage().floats(), v = buffer(state, "exp_avg_sq", p, 0).storage().floats();
        float invBc2 = (float) (1 / (1 - Math.pow(b2, t)));
        UpdateKernels.forEachRange(p, grad, (pd, po, gd, go, s, e) -> {
            int i = s;
            for (int bound = s + S.loopBound(e - s); i < bound; i += S.length()) {
                FloatVector pv = FloatVector.fromArray(S, pd, po + i);
                FloatVector g = FloatVector.fromArray(S, gd, go + i).add(pv.mul(wd));
                FloatVector mi = FloatVector.fromArray(S, m, i).mul(fb1).add(g.mul(c1));
                FloatVector vi = FloatVector.fromArray(S, v, i).mul(fb2).add(g.mul(g).mul(c2));
                mi.intoArray(m, i);
                vi.intoArray(v, i);
                FloatVector denom = vi.mul(invBc2).sqrt().add(eps);
                pv.sub(g.mul(cg).add(mi.mul(cm)).div(denom)).intoArray(pd, po + i);
            }
            for (; i < e; i++) {
                float g = gd[go + i] + wd * pd[po + i];
                float mi = m[i] = fb1 * m[i] + c1 * g;
                float vi = v[i] = fb2 * v[i] + c2 * g * g;
                float denom = (float) Math.sqrt(vi / bc2) + eps;
                pd[po + i] -= cg * g / denom + cm * mi / denom;
            }
        });
    }
}
