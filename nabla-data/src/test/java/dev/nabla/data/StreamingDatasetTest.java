package dev.nabla.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class StreamingDatasetTest {
    static StreamingDataset<Integer> count(int n) { return StreamingDataset.of(() -> IntStream.range(0, n).iterator()); }

    static <T> List<T> list(Iterable<T> s) {
        List<T> out = new ArrayList<>();
        s.forEach(out::add);
        return out;
    }

    @Test void operations() {
        assertEquals(List.of(4, 6, 8), list(count(10).filter(x -> x % 2 == 0).skip(2).take(3).map(x -> x)));
        assertEquals(List.of(0, 1, 0, 1, 2), list(count(2).concat(count(3))));
        assertEquals(List.of(), list(count(0).filter(x -> true)));
    }

    @Test void shuffleBufferPermutesReproducibly() {
        List<Integer> a = list(count(1000).shuffle(64, 3));
        List<Integer> sorted = new ArrayList<>(a);
        sorted.sort(null);
        assertEquals(list(count(1000)), sorted);
        assertNotEquals(list(count(1000)), a);
        assertEquals(a, list(count(1000).shuffle(64, 3)));
        StreamingDataset<Integer> s = count(1000).shuffle(64, 3);
        assertNotEquals(list(s), list(s), "second pass is a new epoch");
        // A buffer of 1 keeps the order: it can only return what it just read.
        assertEquals(list(count(20)), list(count(20).shuffle(1, 9)));
    }

    @Test void onceRefusesSecondPass() {
        StreamingDataset<Integer> s = StreamingDataset.once(List.of(1, 2).iterator());
        assertEquals(List.of(1, 2), list(s));
        IllegalStateException e = assertThrows(IllegalStateException.class, s::iterator);
        assertTrue(e.getMessage().contains("already iterated"));
    }

    @Test void linesAreReadLazilyAndAgain(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.txt");
        Files.writeString(f, "one\ntwo\n\nthree\n");
        StreamingDataset<String> s = StreamingDataset.lines(f).filter(l -> !l.isEmpty());
        assertEquals(List.of("one", "two", "three"), list(s));
        assertEquals(List.of("one", "two", "three"), list(s));
        assertEquals(3, s.materialize().size());
    }

    @Test void augmentDependsOnPosition() {
        List<Double> a = list(count(5).augment(1, (x, g) -> x + g.nextDouble()));
        assertEquals(a, list(count(5).augment(1, (x, g) -> x + g.nextDouble())));
        assertEquals(5, a.stream().distinct().count());
    }
}
