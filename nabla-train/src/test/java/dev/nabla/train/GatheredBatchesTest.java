package dev.nabla.train;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Iterator;

import static org.junit.jupiter.api.Assertions.*;

class GatheredBatchesTest {
    final Tensor[] data = Fixtures.blobs(70, 3);

    /** The same items through {@link Batches#of} and through a gather that copies rows: equal batches, in equal order. */
    @Test void sameBatchesAsInMemoryTensors() {
        for (boolean shuffle : new boolean[]{false, true}) {
            Batches ref = Batches.of(data[0], data[1], 32, shuffle);
            Batches got = Batches.gathered(70, 32, shuffle, (order, from, to) -> {
                long[] idx = new long[to - from];
                for (int i = from; i < to; i++) idx[i - from] = order == null ? i : order[i];
                Tensor index = Tensor.of(idx, idx.length);
                return new Batch(data[0].indexSelect(0, index), data[1].indexSelect(0, index));
            });
            assertEquals(3, got.batchCount());
            assertEquals(70, got.sampleCount());
            Iterator<Batch> a = ref.epoch(1, new Generator(5)), b = got.epoch(1, new Generator(5));
            int batches = 0;
            while (a.hasNext()) {
                assertTrue(b.hasNext());
                Batch x = a.next(), y = b.next();
                assertArrayEquals(x.input().toFloatArray(), y.input().toFloatArray());
                assertArrayEquals(x.target().toLongArray(), y.target().toLongArray());
                batches++;
            }
            assertFalse(b.hasNext());
            assertEquals(3, batches);
            assertThrows(java.util.NoSuchElementException.class, b::next);
        }
    }

    @Test void rejectsEmptyDataAndBadBatchSize() {
        Batches.Gather g = (o, f, t) -> null;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Batches.gathered(0, 8, false, g)).getMessage().contains("got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Batches.gathered(5, 0, false, g)).getMessage().contains("batch size"));
    }
}
