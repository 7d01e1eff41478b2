package dev.nabla.data;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CollateTest {
    @Test void examplesWithLabels() {
        Batch b = Collate.examples().collate(List.of(
                Example.of(Tensor.of(new float[]{1, 2, 3, 4}, 1, 2, 2), 3),
                Example.of(Tensor.of(new float[]{5, 6, 7, 8}, 2, 2).transpose(0, 1).unsqueeze(0), 1)));
        assertArrayEquals(new int[]{2, 1, 2, 2}, b.inputs().shape());
        assertArrayEquals(new float[]{1, 2, 3, 4, 5, 7, 6, 8}, b.inputs().toFloatArray()); // the transposed view is copied correctly
        assertEquals(DType.INT64, b.targets().dtype());
        assertArrayEquals(new long[]{3, 1}, b.targets().toLongArray());
        assertNull(b.lengths());
    }

    @Test void vectorTargetsAreStacked() {
        Batch b = Collate.examples().collate(List.of(new Example(Tensor.zeros(2), Tensor.of(1f, 2f)), new Example(Tensor.zeros(2), Tensor.of(3f, 4f))));
        assertArrayEquals(new int[]{2, 2}, b.targets().shape());
        assertArrayEquals(new float[]{1, 2, 3, 4}, b.targets().toFloatArray());
    }

    @Test void tuplesAndMaps() {
        Tensor[] t = Collate.tuples().collate(List.of(new Tensor[]{Tensor.of(1f), Tensor.of(new long[]{7}, 1)},
                new Tensor[]{Tensor.of(2f), Tensor.of(new long[]{8}, 1)}));
        assertArrayEquals(new float[]{1, 2}, t[0].toFloatArray());
        assertEquals(DType.INT64, t[1].dtype());
        assertArrayEquals(new long[]{7, 8}, t[1].toLongArray());
        Map<String, Tensor> m = Collate.maps().collate(List.of(Map.of("a", Tensor.of(1f, 2f)), Map.of("a", Tensor.of(3f, 4f))));
        assertArrayEquals(new int[]{2, 2}, m.get("a").shape());
        assertThrows(IllegalArgumentException.class, () -> Collate.maps().collate(List.of(Map.of("a", Tensor.of(1f)), Map.of("b", Tensor.of(1f)))));
    }

    @Test void paddingVariableLengthSequences() {
        Tensor p = Collate.padded(-1).collate(List.of(Tensor.of(1f, 2f, 3f), Tensor.of(4f)));
        assertArrayEquals(new int[]{2, 3}, p.shape());
        assertArrayEquals(new float[]{1, 2, 3, 4, -1, -1}, p.toFloatArray());
        Batch b = Collate.paddedExamples(0, -100).collate(List.of(
                new Example(Tensor.of(new long[]{5, 6}, 2), Tensor.of(new long[]{6, 7}, 2)),
                new Example(Tensor.of(new long[]{9}, 1), Tensor.of(new long[]{1}, 1))));
        assertArrayEquals(new long[]{5, 6, 9, 0}, b.inputs().toLongArray());
        assertArrayEquals(new long[]{6, 7, 1, -100}, b.targets().toLongArray());
        assertArrayEquals(new long[]{2, 1}, b.lengths().toLongArray());
    }

    @Test void mismatchedShapesNameTheItem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Collate.stack().collate(List.of(Tensor.zeros(2, 2), Tensor.zeros(2, 2), Tensor.zeros(3, 2))));
        assertTrue(e.getMessage().contains("item 2") && e.getMessage().contains("[3, 2]") && e.getMessage().contains("[2, 2]"), e.getMessage());
    }
}
