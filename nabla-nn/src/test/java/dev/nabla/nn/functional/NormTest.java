package dev.nabla.nn.functional;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class NormTest {
    private static final Generator G = new Generator(9);

    @Test void fusedBatchNormMatchesComposedFloat64() {
        Tensor x = Tensor.randn(G, 4, 5, 6, 7).mul(3).add(1);
        Tensor w = Tensor.randn(G, 5), b = Tensor.randn(G, 5);
        Tensor x32 = x.detach().requiresGrad(true), w32 = w.detach().requiresGrad(true), b32 = b.detach().requiresGrad(true);
        Tensor x64 = x.toDouble().requiresGrad(true), w64 = w.toDouble().requiresGrad(true), b64 = b.toDouble().requiresGrad(true);
        Tensor rm32 = Tensor.randn(G, 5), rv32 = Tensor.rand(G, 5).add(0.5);
        Tensor rm64 = rm32.toDouble(), rv64 = rv32.toDouble();
        Tensor y32 = Norm.batchNorm(x32, rm32, rv32, w32, b32, true, 0.2, 1e-5);
        Tensor y64 = Norm.batchNorm(x64, rm64, rv64, w64, b64, true, 0.2, 1e-5);
        assertTrue(y32.allClose(y64.toFloat(), 1e-4, 1e-5), "forward");
        assertTrue(rm32.allClose(rm64.toFloat(), 1e-5, 1e-6) && rv32.allClose(rv64.toFloat(), 1e-5, 1e-6), "running stats");
        Tensor cot = Tensor.randn(G, y32.shape());
        y32.backward(cot);
        y64.backward(cot.toDouble());
        assertTrue(x32.grad().allClose(x64.grad().toFloat(), 1e-4, 1e-5), "input grad");
        assertTrue(w32.grad().allClose(w64.grad().toFloat(), 1e-4, 1e-4), "weight grad");
        assertTrue(b32.grad().allClose(b64.grad().toFloat(), 1e-4, 1e-4), "bias grad");
    }

    @Test void batchNormEvalUsesRunningStatsAndLeavesThem() {
        Tensor x = Tensor.randn(G, 3, 2, 4);
        Tensor rm = Tensor.of(0.5f, -1f), rv = Tensor.of(4f, 0.25f), w = Tensor.of(2f, 3f), b = Tensor.of(0.1f, 0.2f);
        Tensor y = Norm.batchNorm(x, rm, rv, w, b, false, 0.1, 0);
        Tensor expect = x.sub(rm.reshape(1, 2, 1)).div(rv.sqrt().reshape(1, 2, 1)).mul(w.reshape(1, 2, 1)).add(b.reshape(1, 2, 1));
        assertTrue(y.allClose(expect, 1e-6, 1e-6));
        assertEquals(0.5, rm.toDoubleArray()[0], 0);
        assertEquals(4, rv.toDoubleArray()[0], 0);
    }

    @Test void fusedLayerNormMatchesComposedFloat64OnLongRows() {
        Tensor x = Tensor.randn(G, 150, 130).mul(2).add(5);   // > 64 rows per thread: exercises the partial-sum flush
        Tensor w = Tensor.randn(G, 130), b = Tensor.randn(G, 130);
        Tensor x32 = x.detach().requiresGrad(true), w32 = w.detach().requiresGrad(true), b32 = b.detach().requiresGrad(true);
        Tensor x64 = x.toDouble().requiresGrad(true), w64 = w.toDouble().requiresGrad(true), b64 = b.toDouble().requiresGrad(true);
        Tensor y32 = Norm.layerNorm(x32, new int[]{130}, w32, b32, 1e-5), y64 = Norm.layerNorm(x64, new int[]{130}, w64, b64, 1e-5);
        assertTrue(y32.allClose(y64.toFloat(), 1e-4, 1e-5));
        Tensor cot = Tensor.randn(G, 150, 130);
        y32.backward(cot);
        y64.backward(cot.toDouble());
        assertTrue(x32.grad().allClose(x64.grad().toFloat(), 1e-4, 1e-5));
        assertTrue(w32.grad().allClose(w64.grad().toFloat(), 1e-4, 1e-4));
        assertTrue(b32.grad().allClose(b64.grad().toFloat(), 1e-4, 1e-4));
    }

    @Test void doubleBackwardThroughFusedKernelsFailsClearly() {
        Tensor x = Tensor.randn(G, 4, 3).requiresGrad(true);
        Tensor y = Norm.layerNorm(x, new int[]{3}, null, null, 1e-5);
        Tensor gx = dev.nabla.autograd.Autograd.grad(new Tensor[]{y.square().sum()}, new Tensor[]{x}, null, true, true, false)[0];
        var e = assertThrows(UnsupportedOperationException.class, () -> gx.sum().backward());
        assertTrue(e.getMessage().startsWith("layer_norm: double backward"), e.getMessage());
        Tensor xb = Tensor.randn(G, 4, 3).requiresGrad(true);
        Tensor yb = Norm.batchNorm(xb, null, null, null, null, true, 0.1, 1e-5);
        Tensor gb = dev.nabla.autograd.Autograd.grad(new Tensor[]{yb.square().sum()}, new Tensor[]{xb}, null, true, true, false)[0];
        assertThrows(UnsupportedOperationException.class, () -> gb.sum().backward());
    }

    @Test void groupNormWithOneGroupIsLayerNormOverChannelsAndSpace() {
        Tensor x = Tensor.randn(G, 2, 4, 3, 3);
        assertTrue(Norm.groupNorm(x, 1, null, null, 1e-5).allClose(Norm.layerNorm(x, new int[]{4, 3, 3}, null, null, 1e-5), 1e-5, 1e-5));
        // with as many groups as channels it normalises each plane on its own
        Tensor y = Norm.groupNorm(x, 4, null, null, 1e-5);
        assertEquals(0, y.mean(new int[]{2, 3}, false).abs().amax(null, false).item(), 1e-5);
    }

    @Test void rmsNormDividesByTheRootMeanSquare() {
        Tensor x = Tensor.of(new float[]{3, 4, 0, 0, 1, 1}, 2, 3);
        Tensor y = Norm.rmsNorm(x, new int[]{3}, Tensor.of(1f, 2f, 1f), 0);
        double r0 = Math.sqrt(25 / 3.0), r1 = Math.sqrt(2 / 3.0);
        assertArrayEquals(new double[]{3 / r0, 8 / r0, 0, 0, 2 / r1, 1 / r1}, y.toDoubleArray(), 1e-6);
    }

    @Test void errors() {
        var e = assertThrows(IllegalArgumentException.class, () -> Norm.layerNorm(Tensor.zeros(2, 5), new int[]{4}, null, null, 1e-5));
        assertEquals("layer_norm: input of shape [2, 5] does not end with normalized_shape [4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Norm.batchNorm(Tensor.zeros(1, 3), null, null, null, null, true, 0.1, 1e-5));
        assertTrue(e.getMessage().contains("more than 1 value per channel"), e.getMessage());
    }
}
