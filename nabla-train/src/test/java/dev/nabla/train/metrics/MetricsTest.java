package dev.nabla.train.metrics;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Every metric against values computed by hand, streamed over two batches. */
class MetricsTest {
    // 6 samples, 3 classes. predicted: 0 1 2 2 1 0 ; actual: 0 1 1 2 0 0
    static final Tensor LOGITS = Tensor.of(new float[]{
            3, 1, 0,
            0, 2, 1,
            0, 1, 5,
            1, 0, 2,
            0, 4, 1,
            2, 0, 1}, 6, 3);
    static final Tensor LABELS = Tensor.of(new long[]{0, 1, 1, 2, 0, 0}, 6);

    static void feed(Metric m) {
        m.reset();
        m.update(LOGITS.narrow(0, 0, 4), LABELS.narrow(0, 0, 4));
        m.update(LOGITS.narrow(0, 4, 2), LABELS.narrow(0, 4, 2));
    }

    @Test void accuracyAndTopK() {
        Accuracy a = new Accuracy();
        feed(a);
        assertEquals(4 / 6.0, a.result(), 1e-12);
        TopKAccuracy t2 = new TopKAccuracy(2);
        feed(t2);
        // sample 2 (label 1 scores 1, second best) and sample 4 (label 0 scores 0, third) -> 5 of 6 in top 2
        assertEquals(5 / 6.0, t2.result(), 1e-12);
        assertEquals("top2_accuracy", t2.name());
        a.reset();
        assertTrue(Double.isNaN(a.result()));
        // one-hot targets and single-probability outputs
        Accuracy b = new Accuracy();
        b.update(Tensor.of(new float[]{0.9f, 0.2f, 0.6f}, 3, 1), Tensor.of(new float[]{1, 1, 0}, 3, 1));
        assertEquals(1 / 3.0, b.result(), 1e-12);
    }

    @Test void confusionPrecisionRecallF1() {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        feed(cm);
        assertArrayEquals(new long[][]{{2, 1, 0}, {0, 1, 1}, {0, 0, 1}}, cm.matrix());
        assertFalse(cm.scalar());
        Precision p = new Precision(3);
        feed(p);
        // precision per class: 0: 2/2, 1: 1/2, 2: 1/2
        assertArrayEquals(new double[]{1, 0.5, 0.5}, p.perClass(), 1e-12);
        assertEquals(2 / 3.0, p.result(), 1e-12);
        Recall r = new Recall(3);
        feed(r);
        // recall per class: 0: 2/3, 1: 1/2, 2: 1/1
        assertArrayEquals(new double[]{2 / 3.0, 0.5, 1}, r.perClass(), 1e-12);
        assertEquals((2 / 3.0 + 0.5 + 1) / 3, r.result(), 1e-12);
        F1Score f = new F1Score(3);
        feed(f);
        double f0 = 2 * 1 * (2 / 3.0) / (1 + 2 / 3.0), f1 = 0.5, f2 = 2 * 0.5 / 1.5;
        assertArrayEquals(new double[]{f0, f1, f2}, f.perClass(), 1e-12);
        assertEquals((f0 + f1 + f2) / 3, f.result(), 1e-12);
        var e = assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(2).update(LOGITS, LABELS));
        assertTrue(e.getMessage().contains("outside [0, 2)"), e.getMessage());
    }

    @Test void regressionMetrics() {
        Tensor pred = Tensor.of(new float[]{2.5f, 0f, 2f, 8f}, 4), y = Tensor.of(new float[]{3f, -0.5f, 2f, 7f}, 4);
        MeanAbsoluteError mae = new MeanAbsoluteError();
        MeanSquaredError mse = new MeanSquaredError();
        R2Score r2 = new R2Score();
        for (Metric m : new Metric[]{mae, mse, r2}) {
            m.reset();
            m.update(pred.narrow(0, 0, 1), y.narrow(0, 0, 1));
            m.update(pred.narrow(0, 1, 3), y.narrow(0, 1, 3));
        }
        assertEquals((0.5 + 0.5 + 0 + 1) / 4, mae.result(), 1e-12);
        assertEquals((0.25 + 0.25 + 0 + 1) / 4, mse.result(), 1e-12);
        // mean y = 2.875; SS_tot = 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875; SS_res = 1.5
        assertEquals(1 - 1.5 / 29.1875, r2.result(), 1e-12);
    }

    @Test void aucCountsPairsAndTies() {
        Auc auc = new Auc();
        auc.update(Tensor.of(new float[]{0.1f, 0.4f}, 2), Tensor.of(new long[]{0, 0}, 2));
        auc.update(Tensor.of(new float[]{0.35f, 0.8f, 0.4f}, 3), Tensor.of(new long[]{1, 1, 1}, 3));
        // positives 0.35, 0.8, 0.4 vs negatives 0.1, 0.4: pairs won 1 (0.35) + 2 (0.8) + 1.5 (0.4: one win, one tie) = 4.5 of 6
        assertEquals(4.5 / 6, auc.result(), 1e-12);
        Auc two = new Auc();
        two.update(Tensor.of(new float[]{0.9f, 0.1f, 0.2f, 0.8f}, 2, 2), Tensor.of(new long[]{0, 1}, 2));
        assertEquals(1.0, two.result(), 1e-12);
        Auc one = new Auc();
        one.update(Tensor.of(new float[]{0.3f}, 1), Tensor.of(new long[]{1}, 1));
        assertTrue(Double.isNaN(one.result()), "undefined with one class only");
    }
}
