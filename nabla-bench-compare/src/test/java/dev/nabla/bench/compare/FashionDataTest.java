package dev.nabla.bench.compare;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class FashionDataTest {
    /** n (at most 256) images whose pixel bytes all equal the image's index, labelled index % 10. */
    static FashionData indexed(int n) {
        byte[] px = new byte[n * FashionData.PIXELS];
        int[] lab = new int[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(px, i * FashionData.PIXELS, (i + 1) * FashionData.PIXELS, (byte) i);
            lab[i] = i % 10;
        }
        return new FashionData(px, lab);
    }

    @Test void shuffleIsASeededPermutationThatChangesPerEpoch() {
        FashionData d = indexed(50);
        int[] p0 = d.shuffled(1, 0), p0again = d.shuffled(1, 0), p1 = d.shuffled(1, 1);
        assertArrayEquals(p0, p0again);
        assertFalse(Arrays.equals(p0, p1));
        int[] sorted = p0.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) assertEquals(i, sorted[i]);
    }

    @Test void batchesCoverEachEpochOnceWithTheRemainderLast() {
        FashionData d = indexed(10);
        var it = d.new Batches(4, 7);
        assertEquals(3, it.perEpoch());
        boolean[] seen = new boolean[10];
        int[] sizes = new int[3];
        for (int k = 0; k < 3; k++) {
            FashionData.Batch b = it.next();
            sizes[k] = b.n();
            for (int i = 0; i < b.n(); i++) {
                int item = Math.round(b.images()[i * FashionData.PIXELS + 5] * 255);
                assertEquals(item / 255f, b.images()[i * FashionData.PIXELS + 5], "gathered as pixel/255");
                assertFalse(seen[item], "item " + item + " twice in one epoch");
                seen[item] = true;
                assertEquals(item % 10, b.labels()[i]); // label travels with its image
            }
        }
        assertArrayEquals(new int[]{4, 4, 2}, sizes);
        assertEquals(4, it.next().n()); // the next epoch starts afresh
    }

    @Test void mismatchedSizesAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new FashionData(new byte[784 * 2], new int[3]));
        assertTrue(e.getMessage().contains("1568") && e.getMessage().contains("3 images"), e.getMessage());
    }
}
