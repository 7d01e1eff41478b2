package dev.nabla.nn.functional;

import dev.nabla.autograd.Autograd;
import dev.nabla.nn.GradCheck;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PoolTest {
    private static final Generator G = new Generator(5);

    @Test void maxPoolIndicesPointAtTheValuesAndReceiveTheWholeGradient() {
        Tensor x = Tensor.randn(G, 2, 3, 7, 6).requiresGrad(true);
        Pool.WithIndices r = Pool.maxPool2dWithIndices(x, new int[]{3, 2}, new int[]{2, 2}, new int[]{1, 1}, new int[]{1, 2}, true);
        Tensor gathered = x.detach().flatten(2, 3).gather(2, r.indices().flatten(2, 3)).reshape(r.values().shape());
        assertTrue(gathered.allClose(r.values(), 0, 0));
        Tensor g = Tensor.randn(G, r.values().shape());
        r.values().backward(g);
        // the gradient lands only at argmax cells and none is lost
        assertEquals(g.sum().item(), x.grad().sum().item(), 1e-4);
        Tensor hit = Tensor.zeros(2, 3, 42).scatter(2, r.indices().flatten(2, 3), Tensor.ones(2, 3, r.indices().size(2) * r.indices().size(3)));
        assertEquals(0, x.grad().flatten(2, 3).mul(hit.rsub(1)).abs().sum().item(), 0);
    }

    @Test void maxPoolPropagatesNaN() {
        Tensor x = Tensor.of(new float[]{1, Float.NaN, 3, 4}, 1, 1, 2, 2);
        assertTrue(Double.isNaN(Pool.maxPool2d(x, 2).item()));
    }

    @Test void adaptiveAverageEqualsAveragePoolWhenSizesDivide() {
        Tensor x = Tensor.randn(G, 2, 3, 8, 6);
        assertTrue(Pool.adaptiveAvgPool2d(x, 4, 3).allClose(Pool.avgPool2d(x, 2), 1e-6, 1e-6));
        // uneven: window i spans [floor(i·7/3), ceil((i+1)·7/3)) = [0,3), [2,5), [4,7)
        Tensor y = Tensor.randn(G, 1, 1, 7, 1);
        double[] v = y.toDoubleArray();
        Tensor a = Pool.adaptiveAvgPool2d(y, 3, 1);
        assertEquals((v[2] + v[3] + v[4]) / 3, a.toDoubleArray()[1], 1e-6);
    }

    @Test void globalPoolsReduceSpace() {
        Tensor x = Tensor.randn(G, 2, 3, 4, 5);
        assertTrue(Pool.globalAvgPool2d(x).allClose(x.mean(new int[]{2, 3}, false), 1e-6, 1e-6));
        assertTrue(Pool.globalMaxPool2d(x).allClose(Pool.maxPool2d(x, new int[]{4, 5}, null, new int[]{0, 0}, new int[]{1, 1}, false).reshape(2, 3), 0, 0));
    }

    @Test void oneDimensionalPoolsMatchTheirTwoDimensionalForm() {
        Tensor x = Tensor.randn(G, 2, 3, 9);
        assertTrue(Pool.maxPool1d(x, 3, 2, 1, 1, true).allClose(
                Pool.maxPool2d(x.unsqueeze(2), new int[]{1, 3}, new int[]{1, 2}, new int[]{0, 1}, new int[]{1, 1}, true).squeeze(2), 0, 0));
        Tensor a = Pool.avgPool1d(x, 3, 2, 1, false, false);
        double[] v = x.toDoubleArray();
        assertEquals((v[0] + v[1]) / 2, a.toDoubleArray()[0], 1e-6);   // first window: pad, x0, x1 → divisor 2 without pad
    }

    @Test void backwardRulesAreDifferentiableAgain() {
        // the pooling gradients are linear in the cotangent: differentiate them w.r.t. it
        Tensor x = Tensor.randn(G, 1, 2, 5, 5).toDouble().requiresGrad(true);
        Tensor r = Tensor.randn(G, 1, 2, 3, 3).toDouble().requiresGrad(true);
        GradCheck.check("max_pool backward", () -> Autograd.grad(new Tensor[]{Pool.maxPool2d(x, new int[]{3, 3}, new int[]{2, 2},
                new int[]{1, 1}, new int[]{1, 1}, false)}, new Tensor[]{x}, new Tensor[]{r}, true, true, false)[0].square(), List.of(r), 6, 1, (l, k) -> false);
        GradCheck.check("avg_pool backward", () -> Autograd.grad(new Tensor[]{Pool.avgPool2d(x, new int[]{3, 3}, new int[]{2, 2},
                new int[]{1, 1}, false, false, null)}, new Tensor[]{x}, new Tensor[]{r}, true, true, false)[0].square(), List.of(r), 6, 2, (l, k) -> false);
    }

    @Test void errorsNameTheOp() {
        var e = assertThrows(IllegalArgumentException.class, () -> Pool.maxPool2d(Tensor.zeros(1, 1, 5, 5), new int[]{2, 2}, null,
                new int[]{2, 0}, new int[]{1, 1}, false));
        assertTrue(e.getMessage().startsWith("max_pool2d: padding [2, 0] must be at most half the kernel"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Pool.avgPool2d(Tensor.zeros(5, 5), 2));
        assertEquals("avg_pool2d: input of shape [5, 5] must be 4-D [N, C, H, W]", e.getMessage());
    }
}
