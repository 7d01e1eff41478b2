package dev.nabla.nn.refcheck;

import dev.nabla.refcheck.BundledCases;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

/**
 * Every PyTorch reference case of the loss and optimizer ops passes: outputs and, for autograd
 * cases, the gradients of {@code sum(out * cotangent)}, within each case's tolerance.
 */
class LossOptimRunnersTest {
    @Test
    void everyCaseOfTheLossAndOptimizerOpsMatchesPyTorch() throws IOException {
        BundledCases.assertRunnerPasses(LossOptimRunners.class, Map.of("cross_entropy", 4, "mse_loss", 2, "nll_loss", 3,
                "binary_cross_entropy_with_logits", 3, "sgd", 2, "adam", 2, "adamw", 2));
    }
}
