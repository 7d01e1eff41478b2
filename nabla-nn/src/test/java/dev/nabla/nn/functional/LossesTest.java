package dev.nabla.nn.functional;

import dev.nabla.nn.loss.BCEWithLogitsLoss;
import dev.nabla.nn.loss.CrossEntropyLoss;
import dev.nabla.nn.loss.Loss;
import dev.nabla.nn.loss.MSELoss;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.DoubleBinaryOperator;

import static dev.nabla.nn.functional.LossCheck.*;
import static org.junit.jupiter.api.Assertions.*;

class LossesTest {
    private static final Reduction[] ALL = {Reduction.NONE, Reduction.MEAN, Reduction.SUM};
    private static final int[] SHAPE = {3, 5};
    private static final int N = 15;

    /** A pointwise loss f(x, t) checked for every reduction against its loop reference. */
    private void pointwise(java.util.function.BiFunction<Tensor, Reduction, Tensor> op, float[] x, DoubleBinaryOperator f, float[] t) {
        for (Reduction r : ALL)
            check(x, SHAPE, in -> op.apply(in, r), xd -> {
                double[] l = new double[xd.length];
                for (int i = 0; i < l.length; i++) l[i] = f.applyAsDouble(xd[i], t[i]);
                return reduce(l, r, l.length);
            }, 1e-5);
    }

    @Test
    void mseAndItsTargetGradient() {
        float[] t = randn(N, 1);
        pointwise((in, r) -> Losses.mse(in, Tensor.of(t, SHAPE), r), randn(N, 1), (x, y) -> (x - y) * (x - y), t);
        float[] x = randn(N, 1);
        pointwise((tt, r) -> Losses.mse(Tensor.of(x, SHAPE), tt, r), t, (y, xv) -> (xv - y) * (xv - y), x);
    }

    @Test
    void l1SmoothL1AndHuber() {
        float[] t = randn(N, 1), x = randn(N, 1.5);
        pointwise((in, r) -> Losses.l1(in, Tensor.of(t, SHAPE), r), x, (a, b) -> Math.abs(a - b), t);
        for (double beta : new double[]{0.5, 1.0})
            pointwise((in, r) -> Losses.smoothL1(in, Tensor.of(t, SHAPE), r, beta), x,
                    (a, b) -> Math.abs(a - b) < beta ? 0.5 * (a - b) * (a - b) / beta : Math.abs(a - b) - 0.5 * beta, t);
        double delta = 0.7;
        pointwise((in, r) -> Losses.huber(in, Tensor.of(t, SHAPE), r, delta), x,
                (a, b) -> Math.abs(a - b) < delta ? 0.5 * (a - b) * (a - b) : delta * (Math.abs(a - b) - 0.5 * delta), t);
    }

    @Test
    void binaryCrossEntropyOfProbabilities() {
        float[] t = uniform(N, 0, 1), w = uniform(N, 0.5, 2);
        for (Reduction r : ALL)
            check(uniform(N, 0.05, 0.95), SHAPE, in -> Losses.binaryCrossEntropy(in, Tensor.of(t, SHAPE), Tensor.of(w, SHAPE), r), xd -> {
                double[] l = new double[N];
                for (int i = 0; i < N; i++) l[i] = -w[i] * (t[i] * Math.log(xd[i]) + (1 - t[i]) * Math.log(1 - xd[i]));
                return reduce(l, r, N);
            }, 1e-5);
        Tensor edge = Losses.binaryCrossEntropy(Tensor.of(0f, 1f), Tensor.of(1f, 0f), null, Reduction.NONE);
        assertArrayEquals(new float[]{100, 100}, edge.toFloatArray(), 1e-4f, "logs clamp at -100");
        assertThrows(IllegalArgumentException.class, () -> Losses.binaryCrossEntropy(Tensor.of(1.5f), Tensor.of(1f), null, Reduction.MEAN));
    }

    @Test
    void bceWithLogitsWithWeightAndPosWeight() {
        float[] t = uniform(N, 0, 1), w = uniform(N, 0.5, 2), pw = uniform(5, 0.5, 3);
        for (Reduction r : ALL)
            check(randn(N, 4), SHAPE, in -> Losses.bceWithLogits(in, Tensor.of(t, SHAPE), Tensor.of(w, SHAPE), Tensor.of(pw, 5), r), xd -> {
                double[] l = new double[N];
                for (int i = 0; i < N; i++) {
                    double s = 1 / (1 + Math.exp(-xd[i]));
                    l[i] = -w[i] * (pw[i % 5] * t[i] * Math.log(s) + (1 - t[i]) * Math.log(1 - s));
                }
                return reduce(l, r, N);
            }, 1e-5);
        Tensor far = Losses.bceWithLogits(Tensor.of(-200f, 200f), Tensor.of(1f, 0f), null, null, Reduction.NONE);
        assertArrayEquals(new float[]{200, 200}, far.toFloatArray(), 1e-3f, "no overflow for large logits");
    }

    @Test
    void klDivergenceBothTargetForms() {
        float[] t = uniform(N, 0, 1);
        t[4] = 0;
        for (Reduction r : new Reduction[]{Reduction.NONE, Reduction.MEAN, Reduction.SUM, Reduction.BATCHMEAN}) {
            check(randn(N, 1), SHAPE, in -> Losses.klDiv(in, Tensor.of(t, SHAPE), r, false), xd -> {
                double[] l = new double[N];
                for (int i = 0; i < N; i++) l[i] = t[i] > 0 ? t[i] * (Math.log(t[i]) - xd[i]) : 0;
                return r == Reduction.BATCHMEAN ? new double[]{reduce(l, Reduction.SUM, 1)[0] / SHAPE[0]} : reduce(l, r, N);
            }, 1e-5);
            float[] lt = randn(N, 1);
            check(randn(N, 1), SHAPE, in -> Losses.klDiv(in, Tensor.of(lt, SHAPE), r, true), xd -> {
                double[] l = new double[N];
                for (int i = 0; i < N; i++) l[i] = Math.exp(lt[i]) * (lt[i] - xd[i]);
                return r == Reduction.BATCHMEAN ? new double[]{reduce(l, Reduction.SUM, 1)[0] / SHAPE[0]} : reduce(l, r, N);
            }, 1e-5);
        }
        assertThrows(IllegalArgumentException.class, () -> Losses.mse(Tensor.zeros(2), Tensor.zeros(2), Reduction.BATCHMEAN));
    }

    @Test
    void cosineEmbeddingAndMarginRanking() {
        int n = 4, d = 6;
        float[] x2 = randn(n * d, 1);
        float[] y = {1, -1, 1, -1};
        double margin = 0.1;
        for (Reduction r : ALL)
            check(randn(n * d, 1), new int[]{n, d}, in -> Losses.cosineEmbedding(in, Tensor.of(x2, n, d), Tensor.of(y, n), margin, r), xd -> {
                double[] l = new double[n];
                for (int i = 0; i < n; i++) {
                    double dot = 0, a = 1e-12, b = 1e-12;
                    for (int j = 0; j < d; j++) { dot += xd[i * d + j] * x2[i * d + j]; a += xd[i * d + j] * xd[i * d + j]; b += (double) x2[i * d + j] * x2[i * d + j]; }
                    double cos = dot / Math.sqrt(a * b);
                    l[i] = y[i] == 1 ? 1 - cos : Math.max(0, cos - margin);
                }
                return reduce(l, r, n);
            }, 1e-5);
        float[] other = randn(N, 1), ys = new float[N];
        for (int i = 0; i < N; i++) ys[i] = i % 2 == 0 ? 1 : -1;
        for (Reduction r : ALL)
            check(randn(N, 1), SHAPE, in -> Losses.marginRanking(in, Tensor.of(other, SHAPE), Tensor.of(ys, SHAPE), 0.3, r), xd -> {
                double[] l = new double[N];
                for (int i = 0; i < N; i++) l[i] = Math.max(0, -ys[i] * (xd[i] - other[i]) + 0.3);
                return reduce(l, r, N);
            }, 1e-5);
    }

    @Test
    void lossModulesApplyTheirFunctionalTwin() {
        Tensor x = Tensor.of(randn(12, 1), 4, 3), y = Tensor.of(new long[]{0, 2, 1, 2}, 4);
        Loss ce = new CrossEntropyLoss().withLabelSmoothing(0.1).withReduction(Reduction.SUM);
        assertEquals(CrossEntropy.crossEntropy(x, y, null, Reduction.SUM, -100, 0.1).item(), ce.apply(x, y).item(), 0);
        Tensor t = Tensor.of(uniform(12, 0, 1), 4, 3);
        assertEquals(Losses.mse(x, t).item(), new MSELoss().apply(x, t).item(), 0);
        assertEquals(Losses.bceWithLogits(x, t).item(), new BCEWithLogitsLoss().apply(x, t).item(), 0);
        var e = assertThrows(IllegalArgumentException.class, () -> new MSELoss().apply(x, Tensor.zeros(3, 4)));
        assertTrue(e.getMessage().contains("mse_loss") && e.getMessage().contains("[3, 4]"), e.getMessage());
    }
}
