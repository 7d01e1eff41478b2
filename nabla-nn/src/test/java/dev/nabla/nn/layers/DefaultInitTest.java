package dev.nabla.nn.layers;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Default initialization follows PyTorch's reset_parameters for every layer with parameters. */
class DefaultInitTest {
    /** Values lie in ±bound and actually spread to near it (so a wrong, smaller bound fails too). */
    private static void uniformWithin(String what, Tensor t, double bound) {
        double maxAbs = t.abs().max().item();
        assertTrue(maxAbs <= bound + 1e-7, what + ": max |value| " + maxAbs + " exceeds bound " + bound);
        // the spread check needs enough samples to be reliable (P(max < 0.8·bound) = 0.8^n)
        if (t.numel() >= 50) assertTrue(maxAbs > 0.8 * bound, what + ": max |value| " + maxAbs + " far below bound " + bound);
    }

    @Test void convolutionsUseKaimingUniformWithASqrt5AndFanInBias() {
        Conv2d c = new Conv2d(6, 8, new int[]{3, 3}, new int[]{1, 1}, new int[]{0, 0}, new int[]{1, 1}, 2, true, new Generator(1));
        double bound = 1 / Math.sqrt(3 * 9);   // fan_in = (in/groups)·k·k; gain √(2/(1+5))·√(3/fan_in) = 1/√fan_in
        uniformWithin("conv2d weight", c.weight, bound);
        uniformWithin("conv2d bias", c.bias, bound);
        ConvTranspose2d t = new ConvTranspose2d(4, 10, new int[]{3, 3}, new int[]{2, 2}, new int[]{0, 0}, new int[]{0, 0}, new int[]{1, 1},
                1, true, new Generator(2));
        uniformWithin("conv_transpose2d weight", t.weight, 1 / Math.sqrt(10 * 9));   // fan_in from weight dim 1 = out channels
        uniformWithin("conv_transpose2d bias", t.bias, 1 / Math.sqrt(10 * 9));
        Conv1d c1 = new Conv1d(5, 300, 3);
        uniformWithin("conv1d weight", c1.weight, 1 / Math.sqrt(15));
        uniformWithin("conv1d bias", c1.bias, 1 / Math.sqrt(15));
        uniformWithin("conv3d weight", new Conv3d(2, 40, new int[]{2, 2, 2}, new int[]{1, 1, 1}, new int[]{0, 0, 0}, new int[]{1, 1, 1}, 1, true,
                new Generator(3)).weight, 1 / Math.sqrt(16));
    }

    @Test void normalizationsStartAtOnesAndZeros() {
        BatchNorm2d b = new BatchNorm2d(3);
        assertArrayEquals(new double[]{1, 1, 1}, b.weight.toDoubleArray());
        assertArrayEquals(new double[]{0, 0, 0}, b.bias.toDoubleArray());
        assertArrayEquals(new double[]{0, 0, 0}, b.runningMean.toDoubleArray());
        assertArrayEquals(new double[]{1, 1, 1}, b.runningVar.toDoubleArray());
        LayerNorm l = new LayerNorm(4);
        assertEquals(4, l.weight.sum().item());
        assertEquals(0, l.bias.abs().sum().item());
        assertEquals(4, new RMSNorm(4).weight.sum().item());
        assertEquals(6, new GroupNorm(2, 6).weight.sum().item());
    }

    @Test void embeddingIsStandardNormalWithAZeroPaddingRow() {
        Embedding e = new Embedding(200, 50, 7, new Generator(4));
        Tensor w = e.weight.detach();
        assertEquals(0, w.select(0, 7).abs().sum().item());
        assertEquals(0, w.mean().item(), 0.05);
        assertEquals(1, w.std().item(), 0.05);
    }

    @Test void batchNormCountsBatchesAndUpdatesRunningStatsOnlyInTraining() {
        BatchNorm1d b = new BatchNorm1d(2);
        Tensor x = Tensor.randn(new Generator(5), 8, 2).add(3);
        b.forward(x);
        assertEquals(1, b.numBatchesTracked.item());
        double[] rm = b.runningMean.toDoubleArray();
        assertEquals(0.1 * x.mean(new int[]{0}, false).toDoubleArray()[0], rm[0], 1e-6);
        b.eval();
        b.forward(x);
        assertArrayEquals(rm, b.runningMean.toDoubleArray(), 0);
        assertEquals(1, b.numBatchesTracked.item());
    }
}
