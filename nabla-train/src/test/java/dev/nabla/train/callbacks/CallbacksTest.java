package dev.nabla.train.callbacks;

import dev.nabla.tensor.Tensor;
import dev.nabla.train.Batches;
import dev.nabla.train.Checkpoint;
import dev.nabla.train.Fixtures;
import dev.nabla.train.History;
import dev.nabla.train.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CallbacksTest {
    @TempDir Path dir;
    final Tensor[] data = Fixtures.blobs(90, 5);

    Batches train() { return Batches.of(data[0], data[1], 30, true); }

    /** Feeds fixed per-epoch values of "score" into the logs, to drive monitors deterministically. */
    static Callback script(String key, double... values) {
        return new Callback() {
            @Override public void onEpochEnd(Model m, int epoch, Map<String, Double> logs) { logs.put(key, values[epoch - 1]); }
        };
    }

    @Test void earlyStoppingStopsAfterPatienceAndRestoresBestWeights() {
        Model m = Fixtures.model(1);
        List<float[]> weights = new ArrayList<>();
        Callback record = new Callback() {
            @Override public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
                weights.add(model.module().stateDict().get("fc1.weight").toFloatArray());
            }
        };
        EarlyStopping es = new EarlyStopping("val_loss", 2, true);
        History h = m.fit(train(), 10, (Batches) null, script("val_loss", 1.0, 0.5, 0.6, 0.7, 0.8, 0.1), record, es);
        assertEquals(5, h.size(), "best at 2, patience 2: epochs 3, 4 wait, 5 stops");
        assertEquals(2, es.bestEpoch());
        assertEquals(5, es.stoppedEpoch());
        assertArrayEquals(weights.get(1), m.module().stateDict().get("fc1.weight").toFloatArray(), "epoch-2 weights are back");
        assertFalse(java.util.Arrays.equals(weights.get(1), weights.get(4)));
    }

    @Test void earlyStoppingMaximizesAccuracyAndNamesAMissingKey() {
        Model m = Fixtures.model(1);
        EarlyStopping es = new EarlyStopping("val_accuracy", 0, false);
        assertEquals(3, m.fit(train(), 10, (Batches) null, script("val_accuracy", 0.5, 0.6, 0.6, 0.9), es).size());
        var e = assertThrows(IllegalArgumentException.class, () -> Fixtures.model(1).fit(train(), 2, new EarlyStopping("val_loss", 1, false)));
        assertTrue(e.getMessage().contains("'val_loss'") && e.getMessage().contains("validation data"), e.getMessage());
    }

    @Test void modelCheckpointSavesBestAndEveryN() throws Exception {
        Model m = Fixtures.model(1);
        ModelCheckpoint best = ModelCheckpoint.best(dir.resolve("best.safetensors"), "val_loss");
        ModelCheckpoint every = ModelCheckpoint.every(dir.resolve("ep{epoch}.safetensors"), 2);
        m.fit(train(), 5, (Batches) null, script("val_loss", 0.9, 0.5, 0.7, 0.4, 0.6), best, every);
        assertEquals(3, best.saveCount(), "improvements at epochs 1, 2, 4");
        assertEquals(4, Checkpoint.read(dir.resolve("best.safetensors")).epoch());
        assertEquals(0.4, ((Map<?, ?>) Checkpoint.read(dir.resolve("best.safetensors")).json("metrics")).get("val_loss"));
        assertTrue(Files.exists(dir.resolve("ep2.safetensors")) && Files.exists(dir.resolve("ep4.safetensors")));
        assertFalse(Files.exists(dir.resolve("ep1.safetensors")) || Files.exists(dir.resolve("ep3.safetensors")));
        assertEquals(2, every.saveCount());
    }

    @Test void schedulersSetTheRatePerEpoch() {
        Model m = Fixtures.model(1);
        History h = m.fit(train(), 4, LearningRateScheduler.step(0.1, 0.5, 2));
        assertArrayEquals(new double[]{0.1, 0.1, 0.05, 0.05}, h.get("lr"), 1e-15);
        Model c = Fixtures.model(1);
        h = c.fit(train(), 2, LearningRateScheduler.cosine(0.1, 0.0, 2));
        assertArrayEquals(new double[]{0.1, 0.05}, h.get("lr"), 1e-12);
        assertEquals(0.1 * 0.9 * 0.9, LearningRateScheduler.exponential(0.1, 0.9) instanceof LearningRateScheduler ? 0.1 * 0.81 : 0, 1e-15);
    }

    @Test void reduceOnPlateauLowersTheRateAfterPatience() {
        Model m = Fixtures.model(1);
        ReduceLROnPlateau r = new ReduceLROnPlateau("val_loss", 0.5, 1, 0.01);
        History h = m.fit(train(), 6, (Batches) null, script("val_loss", 1, 1, 1, 1, 1, 1), r);
        // improvement at 1; waits at 2; reduces at 3 (applies from epoch 4); waits 4; reduces 5
        assertEquals(2, r.reductions());
        assertEquals(0.025, m.optimizer().lr(), 1e-12);
        assertEquals(0.1, h.epoch(2).get("lr"), 1e-12, "lr is logged before the callback lowers it");
    }

    @Test void csvLoggerWritesAHeaderAndOneRowPerEpoch() throws Exception {
        Path csv = dir.resolve("sub/metrics.csv");
        Fixtures.model(1).fit(train(), 3, Batches.of(data[0], data[1], 45, false), new CsvLogger(csv));
        List<String> lines = Files.readAllLines(csv);
        assertEquals(4, lines.size());
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,lr,seconds", lines.getFirst());
        assertTrue(lines.get(3).startsWith("3,"));
        assertEquals(7, lines.get(2).split(",").length);
    }

    @Test void terminateOnNaNStopsAtTheBadBatch() {
        Model m = Fixtures.model(1);
        m.compile(m.optimizer(), (out, y) -> out.sum().mul(Double.NaN));
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        TerminateOnNaN t = new TerminateOnNaN(new PrintStream(bo, true, StandardCharsets.UTF_8));
        History h = m.fit(train(), 5, t);
        assertEquals(0, t.badBatch());
        assertEquals(1, h.size(), "the epoch in progress ends, no further one starts");
        assertTrue(bo.toString(StandardCharsets.UTF_8).contains("loss is NaN at batch 0"));
    }

    @Test void gradientClippingBoundsTheNormAndValues() {
        Model m = Fixtures.model(1);
        m.compile(m.optimizer(), (out, y) -> out.sum().mul(1000)); // huge gradients
        List<Double> norms = new ArrayList<>();
        GradientClipping clip = GradientClipping.byNorm(1.0);
        Callback check = new Callback() {
            @Override public void afterBackward(Model model) {
                double sq = 0;
                for (Tensor p : model.module().parameters()) { double n = p.grad().norm().item(); sq += n * n; }
                norms.add(Math.sqrt(sq));
            }
        };
        m.fit(train(), 1, clip, check);
        assertTrue(clip.lastNorm() > 10, "pre-clip norm was large: " + clip.lastNorm());
        for (double n : norms) assertEquals(1.0, n, 1e-3);

        Model v = Fixtures.model(1);
        v.compile(v.optimizer(), (out, y) -> out.sum().mul(1000));
        Callback checkValue = new Callback() {
            @Override public void afterBackward(Model model) {
                for (Tensor p : model.module().parameters())
                    for (float g : p.grad().toFloatArray()) assertTrue(Math.abs(g) <= 0.5f);
            }
        };
        v.fit(train(), 1, GradientClipping.byValue(0.5), checkValue);
    }

    @Test void progressBarPrintsPlainLinesWithoutATerminalAndABarWithOne() {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        Fixtures.model(1).fit(train(), 2, Batches.of(data[0], data[1], 45, false), new ProgressBar(new PrintStream(plain, true, StandardCharsets.UTF_8), false));
        String[] lines = plain.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("epoch 1/2 3/3 "), lines[0]);
        assertTrue(lines[1].contains("val_accuracy") && lines[1].contains("samples/s") && lines[1].contains("loss "), lines[1]);
        assertFalse(plain.toString(StandardCharsets.UTF_8).contains("\r"));

        ByteArrayOutputStream tty = new ByteArrayOutputStream();
        Batches slow = new Batches() { // slow batches so the bar redraws mid-epoch
            @Override public Iterator<dev.nabla.train.Batch> epoch(int e, dev.nabla.tensor.Generator rng) {
                Iterator<dev.nabla.train.Batch> it = train().epoch(e, rng);
                return new Iterator<>() {
                    public boolean hasNext() { return it.hasNext(); }
                    public dev.nabla.train.Batch next() {
                        try { Thread.sleep(120); } catch (InterruptedException e) { throw new RuntimeException(e); }
                        return it.next();
                    }
                };
            }
            @Override public int batchCount() { return 3; }
        };
        Fixtures.model(1).fit(slow, 1, new ProgressBar(new PrintStream(tty, true, StandardCharsets.UTF_8), true));
        String s = tty.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("\r"), s);
        assertTrue(s.contains("ETA "), s);
        assertTrue(s.contains("] 3/3"), s);
        assertTrue(s.endsWith("\n"));
    }
}
