package dev.nabla.nn;

import dev.nabla.nn.layers.Conv2d;
import dev.nabla.nn.layers.MaxPool2d;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * conv-maxpool-ReLU (the order the CNN recipe and the Compare cnn model use: ReLU on 4x fewer cells)
 * computes exactly what conv-ReLU-maxpool computes, values and gradients, including ties, all-negative
 * windows, exact zeros and NaNs. Why it holds: ReLU is monotone, so it commutes with max; where the two
 * pools pick different cells the window's max is <= 0 and relu'(<= 0) = 0 kills the gradient either way.
 */
class PoolReluOrderTest {

    /** Runs x through conv (weights shared) then the two orders; compares y, dx, dW, db with tolerance 0. */
    private static void check(Tensor x0, boolean conv) {
        Generator g = new Generator(3);
        Conv2d c = new Conv2d(x0.size(1), 4, new int[]{3, 3}, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, 1, true, g);
        Module reluFirst = conv ? new Sequential(c, new ReLU(), new MaxPool2d(2)) : new Sequential(new ReLU(), new MaxPool2d(2));
        Module poolFirst = conv ? new Sequential(c, new MaxPool2d(2), new ReLU()) : new Sequential(new MaxPool2d(2), new ReLU());
        Tensor xa = x0.clone().requiresGrad(true), xb = x0.clone().requiresGrad(true);
        Tensor ya = reluFirst.forward(xa);
        Tensor[] grads = conv ? new Tensor[]{c.parameters().get(0), c.parameters().get(1)} : new Tensor[0];
        Tensor cot = g.normal(0, 1, ya.shape());
        ya.backward(cot);
        float[] dxa = xa.grad().toFloatArray();
        float[][] dpa = new float[grads.length][];
        for (int i = 0; i < grads.length; i++) { dpa[i] = grads[i].grad().toFloatArray(); grads[i].zeroGrad(); }
        Tensor yb = poolFirst.forward(xb);
        yb.backward(cot);
        assertArrayEquals(ya.shape(), yb.shape());
        float[] fa = ya.toFloatArray(), fb = yb.toFloatArray();
        for (int i = 0; i < fa.length; i++)
            if (Float.isNaN(fa[i])) assertTrue(Float.isNaN(fb[i]), "y[" + i + "] should be NaN");
            else assertEquals(fa[i], fb[i], 0f, "y[" + i + "]");
        assertArrayEquals(dxa, xb.grad().toFloatArray(), 0f, "dx");
        for (int i = 0; i < grads.length; i++) assertArrayEquals(dpa[i], grads[i].grad().toFloatArray(), 0f, "d" + (i == 0 ? "W" : "b"));
    }

    /** Few distinct values around 0: most windows hold ties, many are all-negative or peak at exactly 0. */
    private static Tensor ties(int seed, int... shape) {
        return new Generator(seed).randint(-3, 2, shape).to(DType.FLOAT32);
    }

    @Test void randomInputThroughConv() { check(new Generator(1).normal(0, 1, 2, 3, 8, 8), true); }

    @Test void tiesZerosAndNegativeWindowsThroughConv() { check(ties(2, 2, 2, 6, 8), true); }

    @Test void tiesZerosAndNegativeWindowsWithoutConv() {
        Tensor x = ties(4, 2, 3, 6, 8);
        float[] f = x.storage().floats();
        assertTrue(java.util.stream.IntStream.range(0, f.length).anyMatch(i -> f[i] == 0f), "the case needs exact zeros");
        check(x, false);
    }

    @Test void nanWindowsWithoutConv() {
        Tensor x = ties(6, 1, 2, 6, 6);
        float[] f = x.storage().floats();
        f[0] = Float.NaN;
        f[14] = Float.NaN;
        f[15] = Float.NaN;
        check(x, false);
    }

    @Test void oddSizesDropTheSameRowAndColumn() { check(ties(8, 2, 2, 7, 9), false); }
}
