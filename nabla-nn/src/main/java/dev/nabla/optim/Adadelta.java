package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import jdk.incubator.vector.FloatVector;

import java.util.List;
import java.util.Map;

import static dev.nabla.optim.UpdateKernels.S;

/**
 * Adadelta (PyTorch 1.13): {@code g = grad + wd·p; s = ρ s + (1-ρ) g²;
 * δ = sqrt(u + eps) / sqrt(s + eps) · g; u = ρ u + (1-ρ) δ²; p -= lr·δ}.
 * State: {@code step}, {@code square_avg} (s), {@code acc_delta} (u).
 */
public final class Adadelta extends Optimizer {
    /** lr 1.0, rho 0.9, eps 1e-6, weight_decay 0. */
    public static Map<String, Double> defaults() {
        return Map.of("lr", 1.0, "rho", 0.9, "eps", 1e-6, "weight_decay", 0.0);
    }

    public Adadelta(List<Tensor> params, double lr) { this(params, Map.of("lr", lr)); }

    public Adadelta(List<Tensor> params, Map<String, Double> options) { super(params, merge("Adadelta", defaults(), options)); }

    @Override protected void update(ParamGroup group, Tensor p, Tensor grad, Map<String, Tensor> state) {
        nextStep(state);
        float lr = (float) group.get("lr"), rho = (float) group.get("rho"), keep = (float) (1 - group.get("rho")), eps = (float) group.get("eps");
        float wd = (float) group.get("weight_decay");
        float[] sq = buffer(state, "square_avg", p, 0).storage().floats(), acc = buffer(state, "acc_delta", p, 0).storage().floats();
        UpdateKernels.forEachRange(p, grad, (pd, po, gd, go, s, e) -> {
            int i = s;
            for (int bound = s + S.loopBound(e - s); i < bound; i += S.length()) {
                FloatVector pv = FloatVector.fromArray(S, pd, po + i);
                FloatVector g = FloatVector.fromArray(S, gd, go + i).add(pv.mul(wd));
                FloatVector si = FloatVector.fromArray(S, sq, i).mul(rho).add(g.mul(g).mul(keep));
                si.intoArray(sq, i);
                FloatVector u = FloatVector.fromArray(S, acc, i);
                FloatVector delta = u.add(eps).sqrt().div(si.add(eps).sqrt()).mul(g);
                u.mul(rho).add(delta.mul(delta).mul(keep)).intoArray(acc, i);
                pv.sub(delta.mul(lr)).intoArray(pd, po + i);
            }
            for (; i < e; i++) {
                float g = gd[go + i] + wd * pd[po + i];
                float si = sq[i] = rho * sq[i] + keep * g * g;
                float delta = (float) Math.sqrt(acc[i] + eps) / (float) Math.sqrt(si + eps) * g;
                acc[i] = rho * acc[i] + keep * delta * delta;
                pd[po + i] -= lr * delta;
            }
        });
    }
}
