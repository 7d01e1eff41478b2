package dev.nabla.nn.refcheck;

import dev.nabla.refcheck.BundledCases;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

/** Every PyTorch reference case of lstm, gru, scaled_dot_product_attention and multi_head_attention passes. */
class RecurrentRunnersTest {
    @Test
    void everyCaseOfTheRecurrentAndAttentionOpsMatchesPyTorch() throws IOException {
        BundledCases.assertRunnerPasses(RecurrentRunners.class, Map.of("lstm", 2, "gru", 2,
                "scaled_dot_product_attention", 2, "multi_head_attention", 2));
    }
}
