package dev.nabla.nn.refcheck;

import dev.nabla.nn.functional.CrossEntropy;
import dev.nabla.nn.functional.Losses;
import dev.nabla.nn.functional.Reduction;
import dev.nabla.optim.Adam;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import dev.nabla.refcheck.OpRunner;
import dev.nabla.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reference-case runners for the losses (cross_entropy, mse_loss, nll_loss,
 * binary_cross_entropy_with_logits) and the optimizers (sgd, adam, adamw). Optimizer cases run
 * {@code steps} steps with {@code grad_k} as the gradient of step k and return
 * {@code param_after_step1..N} plus the state buffers.
 */
public final class LossOptimRunners implements OpRunner {
    @Override public Set<String> ops() {
        return Set.of("cross_entropy", "mse_loss", "nll_loss", "binary_cross_entropy_with_logits", "sgd", "adam", "adamw");
    }

    @Override public Map<String, Tensor> run(String op, Map<String, Tensor> in, Map<String, Object> attrs) {
        Reduction red = Reduction.of(attrs.get("reduction") == null ? "mean" : (String) attrs.get("reduction"));
        long ignore = attrs.get("ignore_index") == null ? -100 : ((Number) attrs.get("ignore_index")).longValue();
        Tensor out = switch (op) {
            case "cross_entropy" -> CrossEntropy.crossEntropy(in.get("input"), in.get("target"), in.get("weight"), red, ignore,
                    num(attrs, "label_smoothing", 0));
            case "nll_loss" -> CrossEntropy.nllLoss(in.get("input"), in.get("target"), in.get("weight"), red, ignore);
            case "mse_loss" -> Losses.mse(in.get("input"), in.get("target"), red);
            case "binary_cross_entropy_with_logits" ->
                    Losses.bceWithLogits(in.get("input"), in.get("target"), in.get("weight"), in.get("pos_weight"), red);
            case "sgd", "adam", "adamw" -> null;
            default -> throw new IllegalArgumentException("LossOptimRunners: unknown op '" + op + "'; handles " + ops());
        };
        if (out != null) return Map.of("out", out);
        return optimizer(op, in, attrs);
    }

    private static double num(Map<String, Object> attrs, String key, double dflt) {
        Object v = attrs.get(key);
        if (v instanceof Boolean b) return b ? 1 : 0;
        return v == null ? dflt : ((Number) v).doubleValue();
    }

    private static Map<String, Tensor> optimizer(String op, Map<String, Tensor> in, Map<String, Object> attrs) {
        Tensor p = in.get("param").detach().clone();
        Map<String, Double> o = new LinkedHashMap<>();
        o.put("lr", num(attrs, "lr", 1e-3));
        o.put("weight_decay", num(attrs, "weight_decay", op.equals("adamw") ? 0.01 : 0));
        Optimizer opt;
        if (op.equals("sgd")) {
            o.put("momentum", num(attrs, "momentum", 0));
            o.put("dampening", num(attrs, "dampening", 0));
            o.put("nesterov", num(attrs, "nesterov", 0));
            opt = new SGD(List.of(p), o);
        } else {
            List<?> betas = attrs.get("betas") instanceof List<?> l ? l : List.of(0.9, 0.999);
            o.put("beta1", ((Number) betas.get(0)).doubleValue());
            o.put("beta2", ((Number) betas.get(1)).doubleValue());
            o.put("eps", num(attrs, "eps", 1e-8));
            o.put("amsgrad", num(attrs, "amsgrad", 0));
            opt = op.equals("adam") ? new Adam(List.of(p), o) : new AdamW(List.of(p), o);
        }
        int steps = (int) num(attrs, "steps", 1);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int k = 1; k <= steps; k++) {
            Tensor g = in.get("grad_" + k);
            if (g == null) throw new IllegalArgumentException(op + ": case has steps = " + steps + " but no input grad_" + k);
            p.setGrad(g.detach().clone());
            opt.step();
            out.put("param_after_step" + k, p.clone());
        }
        var sd = opt.stateDict().tensors();
        for (var e : sd.entrySet()) {
            String name = e.getKey().substring("state.0.".length());
            if (!name.equals("step")) out.put(name, e.getValue());
        }
        return out;
    }
}
