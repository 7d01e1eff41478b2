package dev.nabla.nn.functional;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class DropoutEmbeddingTest {
    @Test void dropoutZeroesAboutPAndScalesTheRest() {
        Tensor x = Tensor.ones(100, 100);
        double[] y = Dropout.dropout(x, 0.3, true, new Generator(1)).toDoubleArray();
        int zeros = 0;
        for (double v : y) {
            if (v == 0) zeros++;
            else assertEquals(1 / 0.7, v, 1e-6);
        }
        assertEquals(0.3, zeros / 10000.0, 0.02);
        assertSame(x, Dropout.dropout(x, 0.3, false, new Generator(1)), "evaluation mode is the identity");
        assertArrayEquals(y, Dropout.dropout(x, 0.3, true, new Generator(1)).toDoubleArray(), "same seed, same mask");
    }

    @Test void dropout2dDropsWholeChannels() {
        Tensor y = Dropout.dropout2d(Tensor.ones(8, 16, 3, 3), 0.5, true, new Generator(2));
        Tensor perPlaneMax = y.amax(new int[]{2, 3}, false), perPlaneMin = y.amin(new int[]{2, 3}, false);
        assertTrue(perPlaneMax.allClose(perPlaneMin, 0, 0), "each plane is all kept or all dropped");
        double kept = perPlaneMax.gt(0).toFloat().mean().item();
        assertTrue(kept > 0.3 && kept < 0.7, "kept fraction " + kept);
    }

    @Test void embeddingGathersRowsAndAccumulatesRepeatedIndices() {
        Tensor w = Tensor.randn(new Generator(3), 5, 3).requiresGrad(true);
        Tensor idx = Tensor.of(new long[]{4, 1, 4, 0}, 2, 2);
        Tensor y = Embedding.embedding(idx, w, 0);
        assertArrayEquals(new int[]{2, 2, 3}, y.shape());
        assertTrue(y.select(0, 0).select(0, 0).allClose(w.detach().select(0, 4), 0, 0));
        Tensor g = Tensor.randn(new Generator(4), 2, 2, 3);
        y.backward(g);
        assertTrue(w.grad().select(0, 4).allClose(g.select(0, 0).select(0, 0).add(g.select(0, 1).select(0, 0)), 1e-6, 1e-6), "row 4 used twice");
        assertEquals(0, w.grad().select(0, 0).abs().sum().item(), 0, "padding row gets no gradient");
        assertEquals(0, w.grad().select(0, 2).abs().sum().item(), 0, "unused row");
        var e = assertThrows(IndexOutOfBoundsException.class, () -> Embedding.embedding(Tensor.of(new long[]{5}, 1), w, null));
        assertEquals("embedding: index 5 at position 0 out of range [0, 5)", e.getMessage());
    }

    @Test void embeddingBackwardIsDifferentiableAgain() {
        Tensor idx = Tensor.of(new long[]{2, 0, 2, 1}, 4);
        Tensor w = Tensor.randn(new Generator(5), 3, 2).toDouble().requiresGrad(true);
        Tensor r = Tensor.randn(new Generator(6), 4, 2).toDouble().requiresGrad(true);
        // d/dw of Σ emb·r is a scatter of r (padding row 0 dropped); differentiate its square w.r.t. r
        dev.nabla.nn.GradCheck.check("embedding backward", () -> dev.nabla.autograd.Autograd.grad(new Tensor[]{Embedding.embedding(idx, w, 0)},
                new Tensor[]{w}, new Tensor[]{r}, true, true, false)[0].square(), java.util.List.of(r), 8, 3, (l, k) -> false);
    }
}
