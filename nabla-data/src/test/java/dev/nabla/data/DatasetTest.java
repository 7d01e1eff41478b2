package dev.nabla.data;

import dev.nabla.tensor.Generator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class DatasetTest {
    static Dataset<Integer> range(int n) { return Dataset.of(n, i -> i); }

    static List<Integer> all(Dataset<Integer> d) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) out.add(d.get(i));
        return out;
    }

    @Test void mapFilterConcatSubset() {
        Dataset<Integer> d = range(10);
        assertEquals(List.of(0, 10, 20), all(d.map(x -> x * 10).take(3)));
        assertEquals(List.of(0, 3, 6, 9), all(d.filter(x -> x % 3 == 0)));
        assertEquals(List.of(8, 9, 0, 1), all(d.skip(8).concat(Dataset.<Integer>of(List.of())).concat(d.take(2))));
        assertEquals(List.of(5, 1, 5), all(d.subset(5, 1, 5)));
        assertEquals(List.of(3, 4), all(d.range(3, 5)));
        assertEquals(10, d.take(100).size());
        assertEquals(0, d.skip(100).size());
    }

    @Test void concatSkipsEmptyParts() {
        Dataset<Integer> empty = Dataset.of(List.of());
        Dataset<Integer> d = empty.concat(range(2)).concat(empty).concat(range(3).map(x -> x + 100));
        assertEquals(List.of(0, 1, 100, 101, 102), all(d));
    }

    @Test void outOfRangeNamesIndexAndSize() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> range(4).map(x -> x).get(7));
        assertTrue(e.getMessage().contains("7") && e.getMessage().contains("size 4"), e.getMessage());
        e = assertThrows(IndexOutOfBoundsException.class, () -> range(4).subset(0, 9));
        assertTrue(e.getMessage().contains("9"), e.getMessage());
    }

    @Test void randomSplitIsDisjointCompleteAndReproducible() {
        Dataset<Integer> d = range(103);
        List<Dataset<Integer>> parts = d.randomSplit(7, 0.8, 0.2);
        assertEquals(83, parts.get(0).size());
        assertEquals(20, parts.get(1).size());
        Set<Integer> seen = new HashSet<>(all(parts.get(0)));
        seen.addAll(all(parts.get(1)));
        assertEquals(103, seen.size());
        assertEquals(all(parts.get(0)), all(d.randomSplit(7, 0.8, 0.2).get(0)));
        assertNotEquals(all(parts.get(0)), all(d.randomSplit(8, 0.8, 0.2).get(0)));
        assertThrows(IllegalArgumentException.class, () -> d.randomSplit(1, 50, 50));
        assertThrows(IllegalArgumentException.class, () -> d.randomSplit(1, 0.5, 0.4));
    }

    @Test void cacheReadsSourceOnce() {
        AtomicInteger reads = new AtomicInteger();
        Dataset<Integer> d = Dataset.<Integer>of(5, i -> { reads.incrementAndGet(); return i; }).cache();
        for (int r = 0; r < 3; r++) all(d);
        assertEquals(5, reads.get());
    }

    @Test void augmentIsSeededPerIndexAndEpoch() {
        Dataset<Double> d = range(4).augment(11, (x, g) -> x + g.nextDouble());
        double a = d.get(2), b = d.get(2);
        assertEquals(a, b);
        d.setEpoch(1);
        assertNotEquals(a, d.get(2));
        d.setEpoch(0);
        assertEquals(a, d.get(2));
        assertNotEquals(range(4).augment(12, (x, g) -> x + g.nextDouble()).get(2), a);
        // Epochs reach augmentations through other views.
        Dataset<Double> viaSubset = range(4).augment(11, (Integer x, Generator g) -> x + g.nextDouble()).subset(2);
        viaSubset.setEpoch(1);
        assertNotEquals(a, viaSubset.get(0));
    }
}
