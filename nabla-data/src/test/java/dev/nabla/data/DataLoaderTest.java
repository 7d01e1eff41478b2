package dev.nabla.data;

import dev.nabla.data.sampler.SequentialSampler;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class DataLoaderTest {
    /** Item i: input [2] = {i, random}, label i % 5; random part from augment so worker-independence is tested too. */
    static Dataset<Example> data(int n) {
        return Dataset.of(n, i -> Example.of(Tensor.of(new float[]{i, 0}, 2), i % 5))
                .augment(99, (e, g) -> new Example(Tensor.of(new float[]{e.input().toFloatArray()[0], g.nextFloat()}, 2), e.target()));
    }

    static List<float[]> run(DataLoader<Example, Batch> loader) {
        List<float[]> out = new ArrayList<>();
        for (Batch b : loader) out.add(b.inputs().toFloatArray());
        return out;
    }

    @Test void batchesCoverTheDatasetInOrder() {
        DataLoader<Example, Batch> loader = DataLoader.of(data(10)).batchSize(4).build();
        assertEquals(3, loader.numBatches());
        List<Batch> batches = new ArrayList<>();
        loader.forEach(batches::add);
        assertEquals(List.of(4, 4, 2), batches.stream().map(Batch::size).toList());
        assertArrayEquals(new int[]{4, 2}, batches.get(0).inputs().shape());
        assertArrayEquals(new long[]{0, 1, 2, 3}, batches.get(0).targets().toLongArray());
        assertArrayEquals(new long[]{3, 4}, batches.get(2).targets().toLongArray()); // items 8, 9
        assertEquals(2, DataLoader.of(data(10)).batchSize(4).dropLast(true).build().numBatches());
    }

    @Test void sameSeedSameBatchesForAnyWorkerCount() {
        List<float[]> ref = null;
        for (int workers : new int[]{0, 1, 2}) {
            DataLoader<Example, Batch> l = DataLoader.of(data(50)).batchSize(8).shuffle(true).seed(5).workers(workers).build();
            List<float[]> got = run(l);
            if (ref == null) ref = got;
            else for (int b = 0; b < ref.size(); b++) assertArrayEquals(ref.get(b), got.get(b), "workers=" + workers + " batch " + b);
        }
        // Shuffled: not the identity order, yet every item exactly once.
        Set<Float> ids = new HashSet<>();
        boolean ordered = true;
        int pos = 0;
        for (float[] b : ref) for (int k = 0; k < b.length; k += 2) { ids.add(b[k]); ordered &= b[k] == pos++; }
        assertEquals(50, ids.size());
        assertFalse(ordered);
    }

    @Test void epochsAndSeedsChangeTheOrder() {
        DataLoader<Example, Batch> l = DataLoader.of(data(30)).batchSize(30).shuffle(true).seed(1).build();
        float[] e0 = run(l).get(0), e1 = run(l).get(0);
        assertFalse(Arrays.equals(e0, e1));
        assertArrayEquals(e0, l.epoch(0).next().inputs().toFloatArray());
        float[] other = run(DataLoader.of(data(30)).batchSize(30).shuffle(true).seed(2).build()).get(0);
        assertFalse(Arrays.equals(e0, other));
    }

    @Test void failingItemReportsItsIndex() throws Exception {
        Dataset<Example> bad = data(40).map(e -> {
            if (e.input().toFloatArray()[0] == 37) throw new IllegalStateException("boom");
            return e;
        });
        for (int workers : new int[]{0, 2}) {
            DataLoader<Example, Batch> l = DataLoader.of(bad).batchSize(4).workers(workers).build();
            DataLoaderException e = assertThrows(DataLoaderException.class, () -> run(l));
            assertEquals(37, e.index());
            assertEquals(9, e.batch());
            assertTrue(e.getMessage().contains("item 37") && e.getMessage().contains("boom"), e.getMessage());
            assertInstanceOf(IllegalStateException.class, e.getCause());
            DataLoader.Epoch<Batch> failed = l.epoch(0);
            assertThrows(DataLoaderException.class, () -> { while (failed.hasNext()) failed.next(); });
            assertFalse(failed.hasNext(), "an epoch ends at its first failure");
        }
        waitForNoLoaderThreads(); // the failed epoch shut its workers down
    }

    @Test void collateErrorNamesTheBatch() {
        Dataset<Example> ragged = Dataset.of(6, i -> Example.of(Tensor.zeros(i == 4 ? 3 : 2), 0));
        DataLoaderException e = assertThrows(DataLoaderException.class, () -> run(DataLoader.of(ragged).batchSize(3).build()));
        assertEquals(-1, e.index());
        assertTrue(e.getMessage().contains("batch 1") && e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test void closingStopsWorkersAndPrefetchIsBounded() throws Exception {
        AtomicInteger loaded = new AtomicInteger();
        Dataset<Example> counted = data(1000).map(e -> { loaded.incrementAndGet(); return e; });
        DataLoader<Example, Batch> l = DataLoader.of(counted).batchSize(10).workers(2).prefetch(3).build();
        try (DataLoader.Epoch<Batch> epoch = l.epoch(0)) {
            epoch.next();
            Thread.sleep(200);
            // One batch consumed plus at most 3 in flight: never the whole dataset.
            assertTrue(loaded.get() <= 40, "loaded " + loaded.get());
        }
        waitForNoLoaderThreads();
        assertThrows(java.util.NoSuchElementException.class, () -> {
            DataLoader.Epoch<Batch> ep = l.epoch(1);
            ep.close();
            ep.next();
        });
    }

    @Test void abandonedEpochThreadsExitByThemselves() throws Exception {
        DataLoader<Example, Batch> l = DataLoader.of(data(200)).batchSize(10).workers(2).build();
        for (Batch b : l) break; // no close(): the pool's idle timeout must end the threads
        waitForNoLoaderThreads();
    }

    @Test void customSamplerAndCollate() {
        DataLoader<Tensor, Tensor> l = DataLoader.of(Dataset.of(5, i -> Tensor.full(i, 2)), Collate.stack())
                .batchSize(2).sampler(new SequentialSampler(4)).build();
        List<Tensor> out = new ArrayList<>();
        l.forEach(out::add);
        assertEquals(2, out.size());
        assertArrayEquals(new float[]{2, 2, 3, 3}, out.get(1).toFloatArray());
    }

    @Test void streamLoaderBatchesInOrderAndReportsPosition() throws Exception {
        StreamingDataset<Example> s = data(23).stream();
        for (int prefetch : new int[]{0, 2}) {
            List<Integer> sizes = new ArrayList<>();
            float first = -1;
            for (Batch b : new StreamLoader<>(s, Collate.examples(), 5, false, prefetch)) {
                if (first < 0) first = b.inputs().toFloatArray()[2];
                sizes.add(b.size());
            }
            assertEquals(List.of(5, 5, 5, 5, 3), sizes);
            assertEquals(1f, first);
        }
        StreamingDataset<Example> broken = s.map(e -> { if (e.input().toFloatArray()[0] == 12) throw new RuntimeException("bad"); return e; });
        DataLoaderException e = assertThrows(DataLoaderException.class, () -> {
            for (Batch b : new StreamLoader<>(broken, Collate.examples(), 5, true, 2)) { }
        });
        assertEquals(12, e.index());
        // Stopping a prefetching pass early ends its reader thread.
        StreamLoader.Pass<Batch> pass = new StreamLoader<>(data(1000).stream(), Collate.examples(), 5, false, 2).iterator();
        pass.next();
        pass.close();
        waitForNoThreads("nabla-stream-loader");
    }

    static void waitForNoLoaderThreads() throws InterruptedException { waitForNoThreads("nabla-loader"); }

    static void waitForNoThreads(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith(prefix) && t.isAlive())) return;
            Thread.sleep(50);
        }
        fail(prefix + " threads still alive after 5 s");
    }
}
