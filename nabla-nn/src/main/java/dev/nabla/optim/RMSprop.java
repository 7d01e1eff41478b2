package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import jdk.incubator.vector.FloatVector;

import java.util.List;
import java.util.Map;

import static dev.nabla.optim.UpdateKernels.S;

/**
 * RMSprop (PyTorch 1.13): {@code g = grad + wd·p; s = α s + (1-α) g²}; centered:
 * {@code a = α a + (1-α) g, avg = sqrt(s - a²) + eps}, else {@code avg = sqrt(s) + eps}; with
 * momentum {@code buf = μ buf + g/avg, p -= lr·buf}, else {@code p -= lr·g/avg}.
 * State: {@code step}, {@code square_avg}, {@code momentum_buffer}, {@code grad_avg}.
 */
public final class RMSprop extends Optimizer {
    /** lr 1e-2, alpha 0.99, eps 1e-8, weight_decay 0, momentum 0, centered 0 (flag). */
    public static Map<String, Double> defaults() {
        return Map.of("lr", 1e-2, "alpha", 0.99, "eps", 1e-8, "weight_decay", 0.0, "momentum", 0.0, "centered", 0.0);
    }

    public RMSprop(List<Tensor> params, double lr) { this(params, Map.of("lr", lr)); }

    public RMSprop(List<Tensor> params, Map<String, Double> options) { super(params, merge("RMSprop", defaults(), options)); }

    @Override protected void update(ParamGroup group, Tensor p, Tensor grad, Map<String, Tensor> state) {
        nextStep(state);
        float lr = (float) group.get("lr"), alpha = (float) group.get("alpha"), keep = (float) (1 - group.get("alpha")), eps = (float) group.get("eps");
        float wd = (float) group.get("weight_decay"), mu = (float) group.get("momentum");
        float[] sq = buffer(state, "square_avg", p, 0).storage().floats();
        float[] buf = mu > 0 ? buffer(state, "momentum_buffer", p, 0).storage().floats() : null;
        float[] ga = group.flag("centered") ? buffer(state, "grad_avg", p, 0).storage().floats() : null;
        UpdateKernels.forEachRange(p, grad, (pd, po, gd, go, s, e) -> {
            int i = s;
            for (int bound = s + S.loopBound(e - s); i < bound; i += S.length()) {
                FloatVector pv = FloatVector.fromArray(S, pd, po + i);
                FloatVector g = FloatVector.fromArray(S, gd, go + i).add(pv.mul(wd));
                FloatVector si = FloatVector.fromArray(S, sq, i).mul(alpha).add(g.mul(g).mul(keep));
                si.intoArray(sq, i);
                FloatVector avg;
                if (ga != null) {
                    FloatVector a = FloatVector.fromArray(S, ga, i).mul(alpha).add(g.mul(keep));
                    a.intoArray(ga, i);
                    avg = si.sub(a.mul(a)).sqrt().add(eps);
                } else {
                    avg = si.sqrt().add(eps);
                }
                if (buf != null) {
                    FloatVector b = FloatVector.fromArray(S, buf, i).mul(mu).add(g.div(avg));
                    b.intoArray(buf, i);
                    pv = pv.sub(b.mul(lr));
                } else {
                    pv = pv.sub(g.mul(lr).div(avg));
                }
                pv.intoArray(pd, po + i);
            }
            for (; i < e; i++) {
                float g = gd[go + i] + wd * pd[po + i];
                float si = sq[i] = alpha * sq[i] + keep * g * g;
                float avg;
                if (ga != null) {
                    float a = ga[i] = alpha * ga[i] + keep * g;
                    avg = (float) Math.sqrt(si - a * a) + eps;
                } else {
                    avg = (float) Math.sqrt(si) + eps;
                }
                if (buf != null) pd[po + i] -= lr * (buf[i] = mu * buf[i] + g / avg);
                else pd[po + i] -= lr * g / avg;
            }
        });
    }
}
