package dev.nabla.train;

import dev.nabla.tensor.Tensor;
import dev.nabla.train.callbacks.Callback;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ModelTest {
    final Tensor[] train = Fixtures.blobs(300, 1), test = Fixtures.blobs(150, 2);

    @Test void fitLearnsAndEvaluateAndPredictAgree() {
        Model m = Fixtures.model(3);
        Batches tr = Batches.of(train[0], train[1], 32, true), te = Batches.of(test[0], test[1], 64, false);
        double before = m.evaluate(te).get("loss");
        History h = m.fit(tr, 8, te);
        assertEquals(8, h.size());
        assertEquals(8, m.epoch());
        double[] loss = h.get("loss");
        assertTrue(loss[7] < loss[0] * 0.5, "training loss should fall: " + java.util.Arrays.toString(loss));
        Map<String, Double> ev = m.evaluate(te);
        assertTrue(ev.get("loss") < before * 0.5, "test loss " + ev.get("loss") + " vs untrained " + before);
        assertTrue(ev.get("accuracy") > 0.9, "test accuracy " + ev.get("accuracy"));
        assertEquals(ev.get("accuracy"), h.last().get("val_accuracy"), 1e-12);
        assertEquals(ev.get("loss"), h.last().get("val_loss"), 1e-9);

        Tensor logits = m.predict(test[0], 40); // several predict batches
        assertArrayEquals(new int[]{150, 3}, logits.shape());
        assertFalse(logits.requiresGrad(), "predict must not build a graph");
        long[] pred = logits.argmax(1, false).toLongArray(), y = test[1].toLongArray();
        int right = 0;
        for (int i = 0; i < pred.length; i++) if (pred[i] == y[i]) right++;
        assertEquals(ev.get("accuracy"), right / 150.0, 1e-12);
        assertArrayEquals(logits.toFloatArray(), m.predict(te).toFloatArray());
        assertTrue(m.module().isTraining(), "evaluate/predict restore the training flag");
    }

    @Test void fitsFromADataLoader() {
        var ds = dev.nabla.data.Dataset.of(300, i -> new dev.nabla.data.Example(train[0].select(0, i), train[1].select(0, i)));
        var loader = dev.nabla.data.DataLoader.of(ds).batchSize(32).shuffle(true).seed(4).build();
        Batches b = Batches.from(loader);
        assertEquals(10, b.batchCount());
        Model m = Fixtures.model(3);
        m.fit(b, 6);
        assertTrue(m.evaluate(Batches.of(test[0], test[1], 64, false)).get("accuracy") > 0.9);
    }

    @Test void sameSeedGivesBitwiseSameWeights() {
        Model a = Fixtures.model(5), b = Fixtures.model(5), c = Fixtures.model(6);
        for (Model m : List.of(a, b, c)) m.fit(Batches.of(train[0], train[1], 16, true), 2);
        for (var e : a.module().stateDict().entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), b.module().stateDict().get(e.getKey()).toFloatArray(), e.getKey());
        }
        assertFalse(java.util.Arrays.equals(a.module().stateDict().get("fc1.weight").toFloatArray(),
                c.module().stateDict().get("fc1.weight").toFloatArray()), "another seed must give other weights");
    }

    @Test void callbacksSeeEveryStepInOrder() {
        Model m = Fixtures.model(1);
        List<String> events = new ArrayList<>();
        Callback spy = new Callback() {
            @Override public void onTrainBegin(Model model) { events.add("begin"); }
            @Override public void onEpochBegin(Model model, int epoch) { events.add("e" + epoch); }
            @Override public void afterBackward(Model model) {
                assertNotNull(model.module().parameters().getFirst().grad(), "gradients exist before the step");
                events.add("g");
            }
            @Override public void onBatchEnd(Model model, int batch, int size, double loss) { events.add("b" + batch + ":" + size); }
            @Override public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
                assertEquals(epoch, model.epoch());
                events.add("end" + epoch);
            }
            @Override public void onTrainEnd(Model model, History h) { events.add("done" + h.size()); }
        };
        m.fit(Batches.of(train[0].narrow(0, 0, 50), train[1].narrow(0, 0, 50), 32, false), 2, spy);
        assertEquals(List.of("begin", "e1", "g", "b0:32", "g", "b1:18", "end1", "e2", "g", "b0:32", "g", "b1:18", "end2", "done2"), events);
    }

    @Test void plainTrainingLoopStaysEasy() {
        Fixtures.Mlp net = new Fixtures.Mlp(8, 3, 0);
        var opt = Fixtures.sgd(net.parameters(), 0.1, 0.9);
        Loss loss = Losses.crossEntropy();
        double first = 0, last = 0;
        for (int step = 0; step < 60; step++) {
            opt.zeroGrad();
            Tensor l = loss.compute(net.forward(train[0]), train[1]);
            l.backward();
            opt.step();
            if (step == 0) first = l.item();
            last = l.item();
        }
        assertTrue(last < first * 0.5, first + " -> " + last);
    }

    @Test void fitBeforeCompileAndBadBatchesAreClearErrors() {
        Model m = new Model(new Fixtures.Mlp(4, 3, 0));
        var e = assertThrows(IllegalStateException.class, () -> m.fit(Batches.of(train[0], train[1], 8, false), 1));
        assertTrue(e.getMessage().contains("compile"));
        var e2 = assertThrows(IllegalArgumentException.class, () -> Batches.of(train[0], test[1], 8, false));
        assertTrue(e2.getMessage().contains("[300, 2]") && e2.getMessage().contains("[150]"), e2.getMessage());
    }

    @Test void lossesMatchHandComputedValues() {
        Tensor logits = Tensor.of(new float[]{1, 2, 0, 0}, 2, 2);
        Tensor y = Tensor.of(new long[]{1, 0}, 2);
        double expected = (-(2 - Math.log(Math.exp(1) + Math.exp(2))) - (0 - Math.log(2))) / 2;
        assertEquals(expected, Losses.crossEntropy().compute(logits, y).item(), 1e-6);
        assertEquals((1 + 4 + 0 + 0) / 4.0, Losses.mse().compute(logits, Tensor.zeros(2, 2).add(Tensor.of(new float[]{0, 0, 0, 0}, 2, 2))).item() - 0, 1e-6);
        Tensor z = Tensor.of(new float[]{0.5f, -3f}, 2), t = Tensor.of(new float[]{1, 0}, 2);
        double bce = (Math.log(1 + Math.exp(-0.5)) + Math.log(1 + Math.exp(-3))) / 2;
        assertEquals(bce, Losses.binaryCrossEntropyWithLogits().compute(z, t).item(), 1e-6);
    }

    @Test void bceWithLogitsGradientAtZeroLogitIsSigmoidMinusTarget() {
        // d/dx mean(bce(x, t)) = (sigmoid(x) - t) / n: at x = 0 that is (0.5 - t) / n, a kink-free point
        Tensor z = Tensor.of(new float[]{0f, 0f}, 2).requiresGrad(true), t = Tensor.of(new float[]{1, 0}, 2);
        Losses.binaryCrossEntropyWithLogits().compute(z, t).backward();
        assertArrayEquals(new float[]{-0.25f, 0.25f}, z.grad().toFloatArray(), 1e-6f);
    }
}
