package dev.nabla.data.sampler;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class SamplerTest {
    @Test void sequentialAndRandom() {
        assertArrayEquals(new int[]{0, 1, 2}, new SequentialSampler(3).indices(5));
        RandomSampler r = new RandomSampler(100, 4);
        int[] a = r.indices(0);
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new SequentialSampler(100).indices(0), sorted);
        assertArrayEquals(a, new RandomSampler(100, 4).indices(0));
        assertFalse(Arrays.equals(a, r.indices(1)));
        assertFalse(Arrays.equals(a, new RandomSampler(100, 5).indices(0)));
    }

    @Test void weightedWithReplacementFollowsWeights() {
        WeightedRandomSampler s = new WeightedRandomSampler(new double[]{1, 0, 3}, 40_000, true, 1);
        int[] counts = new int[3];
        for (int i : s.indices(0)) counts[i]++;
        assertEquals(0, counts[1]);
        // Expected 10,000 and 30,000; 5 standard deviations is about 430.
        assertEquals(10_000, counts[0], 450);
        assertEquals(30_000, counts[2], 450);
    }

    @Test void weightedWithoutReplacementIsDistinct() {
        WeightedRandomSampler s = new WeightedRandomSampler(new double[]{1, 1, 0, 5, 2}, 4, false, 2);
        int[] idx = s.indices(3);
        Set<Integer> set = new HashSet<>();
        for (int i : idx) set.add(i);
        assertEquals(4, set.size());
        assertFalse(set.contains(2));
        assertThrows(IllegalArgumentException.class, () -> new WeightedRandomSampler(new double[]{1, 0}, 2, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new WeightedRandomSampler(new double[]{1, -1}, 1, true, 0));
    }

    @Test void distributedRanksPartitionTheEpoch() {
        Set<Integer> seen = new HashSet<>();
        int total = 0;
        for (int rank = 0; rank < 3; rank++) {
            int[] mine = new DistributedSampler(10, rank, 3, true, 9).indices(2);
            assertEquals(4, mine.length);
            total += mine.length;
            for (int i : mine) seen.add(i);
        }
        assertEquals(12, total); // 10 items padded to 12 by wrapping around
        assertEquals(10, seen.size());
    }
}
