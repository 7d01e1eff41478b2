package dev.nabla.nn.refcheck;

import dev.nabla.refcheck.BundledCases;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

/** Every PyTorch reference case of the nn layer ops passes through the runner ServiceLoader finds. */
class NnLayerRunnersTest {
    @Test
    void everyCaseOfTheLayerOpsMatchesPyTorch() throws IOException {
        BundledCases.assertRunnerPasses(NnLayerRunners.class, Map.of("conv1d", 3, "conv2d", 5, "conv_transpose2d", 3,
                "max_pool2d", 3, "avg_pool2d", 4, "batch_norm", 4, "layer_norm", 3, "embedding", 2, "linear", 2));
    }
}
