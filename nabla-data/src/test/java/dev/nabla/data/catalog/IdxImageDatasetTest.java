package dev.nabla.data.catalog;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class IdxImageDatasetTest {
    final IdxImageDataset d = FashionMNIST.subset(Split.TEST);

    @Test void batchOfImagesMatchesTheItemsOneByOne() {
        int[] order = {7, 3, 499, 0, 3};
        float[] table = IdxImageDataset.pixelTable(false, 0, 1);
        Tensor x = d.images(order, 1, 5, table), y = d.labels(order, 1, 5);
        assertArrayEquals(new int[]{4, 1, 28, 28}, x.shape());
        assertEquals(DType.INT64, y.dtype());
        float[] got = x.toFloatArray();
        for (int i = 1; i < 5; i++) {
            float[] item = d.get(order[i]).input().toFloatArray();
            for (int k = 0; k < 784; k++) assertEquals(item[k], got[(i - 1) * 784 + k], 1e-7f, "item " + order[i] + " pixel " + k);
            assertEquals(d.label(order[i]), y.toLongArray()[i - 1]);
        }
    }

    @Test void storageOrderWhenNoOrderIsGiven() {
        float[] table = IdxImageDataset.pixelTable(true, FashionMNIST.MEAN, FashionMNIST.STD);
        float[] a = d.images(null, 10, 12, table).toFloatArray(), b = d.images(new int[]{10, 11}, 0, 2, table).toFloatArray();
        assertArrayEquals(b, a);
        assertArrayEquals(new long[]{d.label(10), d.label(11)}, d.labels(null, 10, 12).toLongArray());
    }

    @Test void standardizedTableIsTheEagerFloatFormulaBitForBit() {
        // the CLI used to convert the whole split with exactly this float expression; batches must reproduce it
        float[] t = IdxImageDataset.pixelTable(true, FashionMNIST.MEAN, FashionMNIST.STD);
        float scale = 1f / 255, mean = (float) FashionMNIST.MEAN, inv = (float) (1 / FashionMNIST.STD);
        for (int p = 0; p < 256; p++) assertEquals(Float.floatToIntBits((p * scale - mean) * inv), Float.floatToIntBits(t[p]), "byte " + p);
        assertEquals(0f, IdxImageDataset.pixelTable(false, 0, 1)[0]);
        assertEquals(1f, IdxImageDataset.pixelTable(false, 0, 1)[255], 1e-7f);
    }

    @Test void badRangesAndTablesAreNamed() {
        float[] table = IdxImageDataset.pixelTable(false, 0, 1);
        var e = assertThrows(IndexOutOfBoundsException.class, () -> d.images(null, 499, 501, table));
        assertTrue(e.getMessage().contains("[499, 501)"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> d.labels(new int[]{1, 2}, 1, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> d.images(new int[]{1, 500}, 0, 2, table));
        var t = assertThrows(IllegalArgumentException.class, () -> d.images(null, 0, 1, new float[255]));
        assertTrue(t.getMessage().contains("255"), t.getMessage());
    }
}
