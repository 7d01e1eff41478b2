package dev.nabla.nn.refcheck;

import dev.nabla.nn.functional.Conv;
import dev.nabla.nn.functional.Embedding;
import dev.nabla.nn.functional.Linear;
import dev.nabla.nn.functional.Norm;
import dev.nabla.nn.functional.Pool;
import dev.nabla.refcheck.OpRunner;
import dev.nabla.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reference-case runners for the layer ops of nabla-nn (conv, pooling, normalization, embedding,
 * linear), mapping each case's PyTorch keyword attributes onto the functional twins.
 */
public final class NnLayerRunners implements OpRunner {
    private static final Set<String> OPS = Set.of("conv1d", "conv2d", "conv_transpose2d", "max_pool2d", "avg_pool2d",
            "batch_norm", "layer_norm", "embedding", "linear");

    @Override public Set<String> ops() { return OPS; }

    @Override public Map<String, Tensor> run(String op, Map<String, Tensor> in, Map<String, Object> a) {
        Tensor x = in.get("x");
        Map<String, Tensor> out = new LinkedHashMap<>();
        switch (op) {
            case "linear" -> out.put("out", Linear.linear(x, in.get("weight"), in.get("bias")));
            case "conv1d" -> out.put("out", Conv.conv1d(x, in.get("weight"), in.get("bias"), i(a, "stride", 1), i(a, "padding", 0),
                    i(a, "dilation", 1), i(a, "groups", 1)));
            case "conv2d" -> out.put("out", Conv.conv2d(x, in.get("weight"), in.get("bias"), pair(a, "stride", 1), pair(a, "padding", 0),
                    pair(a, "dilation", 1), i(a, "groups", 1)));
            case "conv_transpose2d" -> out.put("out", Conv.convTranspose2d(x, in.get("weight"), in.get("bias"), pair(a, "stride", 1),
                    pair(a, "padding", 0), pair(a, "output_padding", 0), pair(a, "dilation", 1), i(a, "groups", 1)));
            case "max_pool2d" -> {
                int[] k = pair(a, "kernel_size", 1);
                out.put("out", Pool.maxPool2d(x, k, a.get("stride") == null ? k : pair(a, "stride", 1), pair(a, "padding", 0),
                        pair(a, "dilation", 1), bool(a, "ceil_mode", false)));
            }
            case "avg_pool2d" -> {
                int[] k = pair(a, "kernel_size", 1);
                Object div = a.get("divisor_override");
                out.put("out", Pool.avgPool2d(x, k, a.get("stride") == null ? k : pair(a, "stride", 1), pair(a, "padding", 0),
                        bool(a, "ceil_mode", false), bool(a, "count_include_pad", true), div == null ? null : ((Number) div).intValue()));
            }
            case "batch_norm" -> {
                boolean training = bool(a, "training", false);
                // the case's running stats are inputs: update copies so the caller's tensors stay as given
                Tensor rm = in.get("running_mean") == null ? null : in.get("running_mean").clone();
                Tensor rv = in.get("running_var") == null ? null : in.get("running_var").clone();
                out.put("out", Norm.batchNorm(x, rm, rv, in.get("weight"), in.get("bias"), training, d(a, "momentum", 0.1), d(a, "eps", 1e-5)));
                if (training) {
                    out.put("running_mean_after", rm);
                    out.put("running_var_after", rv);
                }
            }
            case "layer_norm" -> out.put("out", Norm.layerNorm(x, ints(a.get("normalized_shape")), in.get("weight"), in.get("bias"),
                    d(a, "eps", 1e-5)));
            case "embedding" -> {
                Object p = a.get("padding_idx");
                out.put("out", Embedding.embedding(in.get("indices"), in.get("weight"), p == null ? null : ((Number) p).intValue()));
            }
            default -> throw new IllegalArgumentException("NnLayerRunners: unknown op '" + op + "' (handles " + OPS + ")");
        }
        return out;
    }

    private static int i(Map<String, Object> a, String k, int def) {
        Object v = a.get(k);
        return v == null ? def : v instanceof List<?> l ? ((Number) l.get(0)).intValue() : ((Number) v).intValue();
    }

    private static double d(Map<String, Object> a, String k, double def) {
        Object v = a.get(k);
        return v == null ? def : ((Number) v).doubleValue();
    }

    private static boolean bool(Map<String, Object> a, String k, boolean def) {
        Object v = a.get(k);
        return v == null ? def : (Boolean) v;
    }

    /** A per-dim [h, w] attribute: a list, or one number for both dims. */
    private static int[] pair(Map<String, Object> a, String k, int def) {
        Object v = a.get(k);
        if (v == null) return new int[]{def, def};
        if (v instanceof Number n) return new int[]{n.intValue(), n.intValue()};
        return ints(v);
    }

    private static int[] ints(Object v) {
        if (v instanceof Number n) return new int[]{n.intValue()};
        List<?> l = (List<?>) v;
        int[] r = new int[l.size()];
        for (int j = 0; j < r.length; j++) r[j] = ((Number) l.get(j)).intValue();
        return r;
    }
}
