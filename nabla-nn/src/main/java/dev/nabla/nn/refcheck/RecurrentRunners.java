package dev.nabla.nn.refcheck;

import dev.nabla.nn.functional.Attention;
import dev.nabla.nn.functional.Recurrent;
import dev.nabla.refcheck.OpRunner;
import dev.nabla.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reference-case runners for lstm, gru, scaled_dot_product_attention and multi_head_attention. */
public final class RecurrentRunners implements OpRunner {
    @Override public Set<String> ops() { return Set.of("lstm", "gru", "scaled_dot_product_attention", "multi_head_attention"); }

    @Override public Map<String, Tensor> run(String op, Map<String, Tensor> in, Map<String, Object> attrs) {
        return switch (op) {
            case "lstm" -> recurrent(Recurrent.Mode.LSTM, in, attrs);
            case "gru" -> recurrent(Recurrent.Mode.GRU, in, attrs);
            case "scaled_dot_product_attention" -> Map.of("out", Attention.scaledDotProductAttention(in.get("query"), in.get("key"),
                    in.get("value"), in.get("attn_mask"), bool(attrs, "is_causal", false),
                    attrs.get("scale") == null ? null : ((Number) attrs.get("scale")).doubleValue(), 0, null));
            case "multi_head_attention" -> mha(in, attrs);
            default -> throw new IllegalArgumentException("RecurrentRunners: unsupported op '" + op + "'; supported " + ops());
        };
    }

    /** Single- or multi-layer stacks: weights named weight_ih (one layer) or weight_ih_l{k}[_reverse]. */
    private static Map<String, Tensor> recurrent(Recurrent.Mode mode, Map<String, Tensor> in, Map<String, Object> attrs) {
        int layers = integer(attrs, "num_layers", 1);
        boolean bidir = bool(attrs, "bidirectional", false);
        var cfg = new Recurrent.Config(mode, integer(attrs, "input_size", -1), integer(attrs, "hidden_size", -1), layers, bidir,
                bool(attrs, "batch_first", false), 0);
        List<Recurrent.LayerWeights> w = new java.util.ArrayList<>();
        for (int l = 0; l < layers; l++)
            for (int d = 0; d < cfg.directions(); d++) {
                String sfx = layers == 1 && !bidir ? "" : "_l" + l + (d == 1 ? "_reverse" : "");
                w.add(new Recurrent.LayerWeights(in.get("weight_ih" + sfx), in.get("weight_hh" + sfx), in.get("bias_ih" + sfx), in.get("bias_hh" + sfx)));
            }
        Recurrent.Result r = Recurrent.forward(cfg, in.get("x"), in.get("h0"), in.get("c0"), w, null, false, null);
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("output", r.output());
        out.put("h_n", r.hN());
        if (r.cN() != null) out.put("c_n", r.cN());
        return out;
    }

    private static Map<String, Tensor> mha(Map<String, Tensor> in, Map<String, Object> attrs) {
        Tensor x = in.get("x");
        Tensor q = x != null ? x : in.get("query"), k = x != null ? x : in.get("key"), v = x != null ? x : in.get("value");
        boolean needWeights = bool(attrs, "need_weights", true);
        Attention.Result r = Attention.multiHeadAttention(q, k, v, integer(attrs, "num_heads", -1),
                new Attention.MhaWeights(in.get("in_proj_weight"), in.get("in_proj_bias"), in.get("out_proj_weight"), in.get("out_proj_bias")),
                in.get("key_padding_mask"), in.get("attn_mask"), needWeights, bool(attrs, "average_attn_weights", true),
                bool(attrs, "batch_first", false), 0, null);
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("attn_output", r.output());
        if (needWeights) out.put("attn_weights", r.weights());
        return out;
    }

    private static boolean bool(Map<String, Object> attrs, String key, boolean dflt) {
        Object v = attrs.get(key);
        return v == null ? dflt : (Boolean) v;
    }

    private static int integer(Map<String, Object> attrs, String key, int dflt) {
        Object v = attrs.get(key);
        if (v == null) {
            if (dflt < 0) throw new IllegalArgumentException("RecurrentRunners: attribute '" + key + "' is required");
            return dflt;
        }
        return ((Number) v).intValue();
    }
}
