package dev.nabla.nn.functional;

import dev.nabla.ops.OpRegistry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fused ops this module records on the tape (registered with {@link OpRegistry} through
 * {@code META-INF/services}). Their gradients are checked by the layer contract tests and the
 * reference cases, not by the core op contract test.
 */
public final class NnOps implements OpRegistry.Provider {
    private static final String[] LABELS = {
            "conv", "conv_input_grad", "conv_weight_grad", "conv_bias_grad",
            "max_pool1d", "max_pool2d", "max_pool_backward", "max_pool_gather", "avg_pool", "avg_pool_backward",
            "batch_norm", "batch_norm_backward", "layer_norm", "layer_norm_backward",
            "embedding", "embedding_backward", "cross_entropy",
            "rnn_tanh", "rnn_relu", "lstm", "gru", "linear"};

    @Override public Map<String, OpRegistry.Family> ops() {
        Map<String, OpRegistry.Family> m = new LinkedHashMap<>();
        for (String l : LABELS) m.put(l, OpRegistry.Family.FUSED);
        return m;
    }
}
