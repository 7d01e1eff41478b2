package dev.nabla.ops;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.nabla.ops.OpCheck.*;
import static org.junit.jupiter.api.Assertions.*;

/** Indexing, sort/topk and pad against element loops written from the definitions. */
class IndexingTest {
    @Test
    void gatherAndScatterAddAreAdjointLoops() {
        Tensor x = randn(1, 4, 5);
        Tensor idx = new Generator(2).randint(0, 5, 4, 3);
        Tensor g = check("gather", 0, 0, in -> in[0].gather(1, idx), x);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 3; j++) assertEquals(x.get(i, (int) idx.get(i, j)), g.get(i, j));
        Tensor idx0 = new Generator(3).randint(0, 4, 2, 5);
        Tensor g0 = x.gather(0, idx0);
        for (int i = 0; i < 2; i++) for (int j = 0; j < 5; j++) assertEquals(x.get((int) idx0.get(i, j), j), g0.get(i, j));
        Tensor src = randn(4, 4, 3);
        Tensor sa = Tensor.zeros(4, 5).scatterAdd(1, idx, src);
        Tensor expect = Tensor.zeros(4, 5);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 3; j++) expect.set(expect.get(i, (int) idx.get(i, j)) + src.get(i, j), i, (int) idx.get(i, j));
        assertClose("scatter_add", expect, sa, 1e-6, 1e-6);
        Tensor sc = Tensor.full(7, 2, 3).scatter(1, Tensor.of(new long[]{2, 0}, 2, 1), Tensor.of(new float[]{1, 2}, 2, 1));
        assertArrayEquals(new float[]{7, 7, 1, 2, 7, 7}, sc.toFloatArray());
    }

    @Test
    void indexSelectIndexAndTake() {
        Tensor x = randn(1, 3, 4, 5);
        Tensor idx = Tensor.of(new long[]{3, 0, -1, 3}, 4);
        Tensor s = check("index_select", 0, 0, in -> in[0].indexSelect(1, idx), x);
        assertArrayEquals(new int[]{3, 4, 5}, s.shape());
        assertEquals(x.get(2, 3, 4), s.get(2, 2, 4), "negative index counts from the end");
        assertEquals(x.get(1, 0, 2), s.get(1, 1, 2));
        Tensor idx2 = Tensor.of(new long[]{1, 2, 0, 4, 4, 1}, 2, 3);
        Tensor ix = x.index(2, idx2);
        assertArrayEquals(new int[]{3, 4, 2, 3, }, ix.shape());
        assertEquals(x.get(2, 1, 4), ix.get(2, 1, 1, 0));
        Tensor tk = x.take(Tensor.of(new long[]{0, 59, 23}, 3));
        assertArrayEquals(new float[]{(float) x.get(0, 0, 0), (float) x.get(2, 3, 4), (float) x.get(1, 0, 3)}, tk.toFloatArray());
    }

    @Test
    void indexSelectOnViewsEveryDimAndDtype() {
        // index_select copies whole rows (outer x index x inner); check it on a permuted view against get()
        Tensor x = randn(4, 5, 6, 7).permute(2, 0, 1);          // [7, 5, 6], not contiguous
        Tensor idx = Tensor.of(new long[]{4, 0, 4, 1, -2}, 5);
        for (int d = 0; d < 3; d++) {
            Tensor s = x.indexSelect(d, idx);
            int size = x.size(d);
            for (int i = 0; i < s.size(0); i++)
                for (int j = 0; j < s.size(1); j++)
                    for (int k = 0; k < s.size(2); k++) {
                        int[] at = {i, j, k};
                        int p = (int) idx.get(at[d]);
                        at[d] = p < 0 ? p + size : p;
                        assertEquals(x.get(at), s.get(i, j, k), "dim " + d);
                    }
        }
        Tensor longs = Tensor.of(new long[]{1L << 40, 2, 3, 4}, 2, 2);
        assertArrayEquals(new long[]{3, 4, 1L << 40, 2}, longs.indexSelect(0, Tensor.of(new long[]{1, 0}, 2)).toLongArray());
        Tensor bools = Tensor.of(new boolean[]{true, false, false, true}, 2, 2);
        assertArrayEquals(new boolean[]{false, true, true, false}, bools.indexSelect(1, Tensor.of(new long[]{1, 0}, 2)).toBoolArray());
        // big enough to split over threads; the backward of repeated rows accumulates
        Tensor w = randn(5, 3000, 16).requiresGrad(true);
        Tensor many = new dev.nabla.tensor.Generator(6).randint(0, 3000, 5000);
        w.indexSelect(0, many).sum().backward();
        long[] counts = new long[3000];
        for (long v : many.toLongArray()) counts[(int) v]++;
        for (int r = 0; r < 3000; r += 97) assertEquals(counts[r], w.grad().get(r, 5), 0, "row " + r);
    }

    @Test
    void maskedFillAndSelect() {
        Tensor x = Tensor.arange(0, 6, 1).reshape(2, 3);
        Tensor mask = Tensor.of(new boolean[]{true, false, true}, 3);
        assertArrayEquals(new float[]{-1, 1, -1, -1, 4, -1}, x.maskedFill(mask, -1).toFloatArray());
        assertArrayEquals(new float[]{0, 2, 3, 5}, x.maskedSelect(mask).toFloatArray());
    }

    @Test
    void sortIsStableAndTopkPicksTheExtremes() {
        Tensor x = Tensor.of(new float[]{3, 1, 2, 1, 5, 3, Float.NaN, 0}, 2, 4);
        var s = x.sort(1, false);
        assertArrayEquals(new float[]{1, 1, 2, 3, 0, 3, 5, Float.NaN}, s.values().toFloatArray());
        assertArrayEquals(new long[]{1, 3, 2, 0, 3, 1, 0, 2}, s.indices().toLongArray(), "stable: equal keys keep their order; NaN last");
        var d = x.sort(0, true);
        assertArrayEquals(new float[]{5, 3, Float.NaN, 1, 3, 1, 2, 0}, d.values().toFloatArray(), "descending: NaN first");
        Tensor r = randn(5, 6, 50);
        var top = r.topk(4, 1, true, true);
        var bottom = r.topk(3, -1, false, true);
        for (int i = 0; i < 6; i++) {
            float[] row = r.select(0, i).toFloatArray();
            float[] sorted = row.clone();
            java.util.Arrays.sort(sorted);
            for (int k = 0; k < 4; k++) {
                assertEquals(sorted[49 - k], top.values().get(i, k));
                assertEquals(row[(int) top.indices().get(i, k)], top.values().get(i, k));
            }
            for (int k = 0; k < 3; k++) assertEquals(sorted[k], bottom.values().get(i, k));
        }
        check("sort values float vs double", 0, 0, in -> in[0].sort(0, true).values(), randn(8, 33, 3));
    }

    @Test
    void padConstantReflectReplicate() {
        Tensor x = Tensor.arange(1, 7, 1).reshape(2, 3);   // [[1,2,3],[4,5,6]]
        assertArrayEquals(new float[]{9, 1, 2, 3, 9, 9, 9, 4, 5, 6, 9, 9},
                x.pad(new int[]{1, 2}, Indexing.PadMode.CONSTANT, 9).toFloatArray());
        assertArrayEquals(new float[]{3, 2, 1, 2, 3, 2, 6, 5, 4, 5, 6, 5},
                x.pad(new int[]{2, 1}, Indexing.PadMode.REFLECT, 0).toFloatArray());
        assertArrayEquals(new float[]{1, 1, 2, 3, 3, 3, 1, 1, 2, 3, 3, 3, 4, 4, 5, 6, 6, 6, 4, 4, 5, 6, 6, 6},
                x.pad(new int[]{1, 2, 1, 1}, Indexing.PadMode.REPLICATE, 0).toFloatArray());
        assertArrayEquals(new int[]{4, 5}, x.pad(1, 1, 1, 1).shape());
        assertArrayEquals(new float[]{2, 5}, x.pad(-1, -1).toFloatArray(), "negative pads crop");
        Tensor big = randn(3, 2, 3, 17, 9);
        for (Indexing.PadMode mode : Indexing.PadMode.values())
            check("pad " + mode, 0, 0, in -> in[0].pad(new int[]{2, 3, 4, 1}, mode, 0.5), big);
    }

    @Test
    void integerIndicesOfEitherWidthWork() {
        Tensor x = Tensor.arange(5);
        assertArrayEquals(x.indexSelect(0, Tensor.of(new long[]{4, 1}, 2)).toFloatArray(),
                x.indexSelect(0, Tensor.of(new int[]{4, 1}, 2)).toFloatArray());
        assertEquals(DType.FLOAT32, x.gather(0, Tensor.of(new int[]{2}, 1)).dtype());
    }
}
