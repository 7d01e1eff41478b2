package dev.nabla.nn.utils;

import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ClipGradTest {
    private static Tensor withGrad(float[] g, int... shape) {
        Tensor p = Tensor.zeros(shape);
        p.setGrad(Tensor.of(g, shape));
        return p;
    }

    @Test
    void globalNormIsReturnedAndGradsScaledTogether() {
        Random r = new Random(1);
        float[] g1 = new float[1000], g2 = new float[7];
        double sq = 0;
        for (int i = 0; i < g1.length; i++) { g1[i] = (float) r.nextGaussian(); sq += (double) g1[i] * g1[i]; }
        for (int i = 0; i < g2.length; i++) { g2[i] = (float) r.nextGaussian(); sq += (double) g2[i] * g2[i]; }
        Tensor a = withGrad(g1, 10, 100), b = withGrad(g2, 7), noGrad = Tensor.zeros(3);
        double total = ClipGrad.clipGradNorm_(List.of(a, b, noGrad), 1.0);
        assertEquals(Math.sqrt(sq), total, 1e-9 * Math.sqrt(sq) + 1e-6);
        double coef = 1.0 / (Math.sqrt(sq) + 1e-6);
        assertEquals(g1[17] * coef, a.grad().get(0, 17), 1e-6);
        assertEquals(g2[3] * coef, b.grad().get(3), 1e-6);
        double after = Math.sqrt(a.grad().square().sum().item() + b.grad().square().sum().item());
        assertEquals(1.0, after, 1e-5);
    }

    @Test
    void smallNormsAreLeftAloneAndOtherNormTypes() {
        Tensor a = withGrad(new float[]{0.3f, -0.4f}, 2);
        assertEquals(0.5, ClipGrad.clipGradNorm_(List.of(a), 1.0), 1e-7);
        assertArrayEquals(new float[]{0.3f, -0.4f}, a.grad().toFloatArray(), 0f);
        Tensor b = withGrad(new float[]{3, -4, 1}, 3);
        assertEquals(4, ClipGrad.clipGradNorm_(List.of(b), 2, Double.POSITIVE_INFINITY), 0);
        assertArrayEquals(new float[]{1.5f, -2f, 0.5f}, b.grad().toFloatArray(), 1e-5f);
        Tensor c = withGrad(new float[]{3, -4, 1}, 3);
        assertEquals(8, ClipGrad.clipGradNorm_(List.of(c), 100, 1), 1e-6);
    }

    @Test
    void clipByValue() {
        Tensor a = withGrad(new float[]{-3, 0.5f, 2}, 3);
        ClipGrad.clipGradValue_(List.of(a), 1);
        assertArrayEquals(new float[]{-1, 0.5f, 1}, a.grad().toFloatArray(), 0f);
    }

    @Test
    void penaltiesAndTheirGradients() {
        Tensor w = Tensor.of(new float[]{1, -2, 3}, 3).requiresGrad(true), bias = Tensor.of(new float[]{0.5f}, 1).requiresGrad(true);
        assertEquals(0.1 * 6, Regularizers.l1(List.of(w), 0.1).item(), 1e-6);
        assertEquals(0.1 * 14, Regularizers.l2(List.of(w), 0.1).item(), 1e-6);
        SGD opt = new SGD(List.of(w), Map.of("lr", 0.1, "l2", 0.5));
        opt.addParamGroup(List.of(bias), Map.of("l2", 0.0, "l1", 2.0));
        Tensor pen = Regularizers.penalty(opt);
        assertEquals(0.5 * 14 + 2 * 0.5, pen.item(), 1e-5);
        pen.backward();
        assertArrayEquals(new float[]{1, -2, 3}, w.grad().toFloatArray(), 1e-6f, "d/dw 0.5·w² = w");
        assertArrayEquals(new float[]{2}, bias.grad().toFloatArray(), 1e-6f, "d/db 2·|b| = 2·sign(b)");
    }

    @Test
    void maxNormRenormalisesOnlyLongRows() {
        Tensor w = Tensor.of(new float[]{6, 8, 0.6f, 0.8f}, 2, 2);
        Constraints.maxNorm_(w, 2);
        double s = 2 / (10 + 1e-7);
        assertArrayEquals(new float[]{(float) (6 * s), (float) (8 * s), 0.6f, 0.8f}, w.toFloatArray(), 1e-6f);
    }
}
