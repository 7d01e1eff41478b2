package dev.nabla.train;

import dev.nabla.io.SafeTensors;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointTest {
    @TempDir Path dir;
    final Tensor[] data = Fixtures.blobs(120, 11);

    Batches train() { return Batches.of(data[0], data[1], 16, true); }

    @Test void roundTripRestoresWeightsOptimizerEpochAndMetadata() {
        Model a = Fixtures.model(1);
        a.config().put("recipe", "blobs-mlp");
        a.provenance().put("dataset", "blobs");
        a.fit(train(), 2);
        Path p = dir.resolve("ckpt.safetensors");
        a.save(p, Map.of("loss", 0.25));

        Model b = Fixtures.model(99);
        b.load(p);
        assertEquals(2, b.epoch());
        for (var e : a.module().stateDict().entrySet())
            assertArrayEquals(e.getValue().toFloatArray(), b.module().stateDict().get(e.getKey()).toFloatArray(), e.getKey());
        var sa = a.optimizer().stateDict().tensors();
        var sb = b.optimizer().stateDict().tensors();
        assertFalse(sa.isEmpty(), "momentum buffers exist after training");
        assertEquals(sa.keySet(), sb.keySet());
        for (var e : sa.entrySet()) assertArrayEquals(e.getValue().toFloatArray(), sb.get(e.getKey()).toFloatArray(), e.getKey());
        assertArrayEquals(a.generator().state(), b.generator().state());

        Checkpoint.Info info = Checkpoint.read(p);
        assertEquals(Map.of("recipe", "blobs-mlp"), info.config());
        assertEquals(Checkpoint.FORMAT, info.metadata().get("format"));
        assertEquals(Map.of("loss", 0.25), info.json("metrics"));
        @SuppressWarnings("unchecked") Map<String, Object> prov = (Map<String, Object>) info.json("provenance");
        assertEquals("blobs", prov.get("dataset"));
        assertEquals(1L, prov.get("seed"));
        assertNotNull(prov.get("nabla_version"));
        // weights keep their plain module names, so other safetensors readers see a state dict
        assertTrue(SafeTensors.load(p).tensors().containsKey("fc1.weight"));
    }

    /** 2 epochs, save, load into a fresh model, 1 more epoch == 3 epochs straight, bit for bit. */
    @Test void resumeContinuesExactlyAsIfUninterrupted() {
        Model straight = Fixtures.model(7);
        straight.fit(train(), 3);

        Model first = Fixtures.model(7);
        first.fit(train(), 2);
        Path p = dir.resolve("resume.safetensors");
        first.save(p);

        Model resumed = Fixtures.model(1234); // different init and shuffle seed: everything must come from the file
        resumed.load(p);
        History h = resumed.fit(train(), 3);
        assertEquals(java.util.List.of(3), h.epochNumbers(), "only the remaining epoch runs");
        for (var e : straight.module().stateDict().entrySet()) {
            float[] want = e.getValue().toFloatArray(), got = resumed.module().stateDict().get(e.getKey()).toFloatArray();
            assertArrayEquals(want, got, e.getKey() + " differs after resume");
        }
        assertFalse(Arrays.equals(straight.module().stateDict().get("fc1.weight").toFloatArray(),
                first.module().stateDict().get("fc1.weight").toFloatArray()), "the third epoch must change the weights");
    }

    @Test void wrongArchitectureNamesKeysAndShapes() {
        Model small = Fixtures.model(1);
        Path p = dir.resolve("small.safetensors");
        small.config().put("hidden", 16);
        small.save(p);
        Fixtures.Mlp wide = new Fixtures.Mlp(32, 3, 0);
        Model other = new Model(wide);
        var e = assertThrows(IllegalArgumentException.class, () -> other.load(p));
        String m = e.getMessage();
        assertTrue(m.contains("does not match the architecture"), m);
        assertTrue(m.contains("fc1.weight: checkpoint float32 [16, 2] vs model float32 [32, 2]"), m);
        assertTrue(m.contains("\"hidden\":16"), m);

        // a missing key: a state dict without fc2.bias
        Map<String, Tensor> partial = new java.util.LinkedHashMap<>(small.module().stateDict());
        partial.remove("fc2.bias");
        partial.put("extra.weight", Tensor.zeros(2));
        SafeTensors.save(p, partial, Map.of());
        e = assertThrows(IllegalArgumentException.class, () -> Fixtures.model(1).load(p));
        assertTrue(e.getMessage().contains("missing in checkpoint [fc2.bias]"), e.getMessage());
        assertTrue(e.getMessage().contains("not in model [extra.weight]"), e.getMessage());
    }

    @Test void truncatedAndForeignFilesGiveClearErrorsAndLeaveTheModelAlone() throws IOException {
        Model m = Fixtures.model(1);
        Path p = dir.resolve("c.safetensors");
        m.save(p);
        float[] before = m.module().stateDict().get("fc1.weight").toFloatArray();
        byte[] all = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(all, all.length - 10));
        var e = assertThrows(IllegalArgumentException.class, () -> m.load(p));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(p.toString()), e.getMessage());

        Path pickle = dir.resolve("model.pt");
        Files.write(pickle, new byte[]{(byte) 0x80, 0x02, 'c', 'o', 's', '\n', 's', 'y', 's', 't', 'e', 'm', '\n', 0, 0, 0, 0, 0, 0, 0});
        e = assertThrows(IllegalArgumentException.class, () -> m.load(pickle));
        assertTrue(e.getMessage().contains("not a safetensors file"), e.getMessage());
        assertArrayEquals(before, m.module().stateDict().get("fc1.weight").toFloatArray());
        assertThrows(java.io.UncheckedIOException.class, () -> m.load(dir.resolve("missing.safetensors")));
    }

    @Test void nonFiniteMetricsAreKeptAsText() {
        Model m = Fixtures.model(1);
        Path p = dir.resolve("nan.safetensors");
        m.save(p, Map.of("loss", Double.NaN, "accuracy", 0.5));
        assertEquals(Map.of("loss", "NaN", "accuracy", 0.5), Checkpoint.read(p).json("metrics"));
    }

    @Test void plainWeightsFromAnotherToolLoad() {
        Model a = Fixtures.model(3);
        Path p = dir.resolve("w.safetensors");
        SafeTensors.save(p, a.module().stateDict(), Map.of()); // no Nabla metadata at all
        Model b = Fixtures.model(4);
        b.load(p);
        assertArrayEquals(a.module().stateDict().get("fc2.weight").toFloatArray(), b.module().stateDict().get("fc2.weight").toFloatArray());
        assertEquals(0, b.epoch());
    }
}
