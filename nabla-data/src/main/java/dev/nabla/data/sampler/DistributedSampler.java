package dev.nabla.data.sampler;

import dev.nabla.tensor.Generator;

/**
 * This rank's share of each epoch for data-parallel training over {@code worldSize} processes: every
 * rank draws the same (seed, epoch) permutation (or 0..n-1), pads it by wrapping around to a multiple
 * of worldSize, and keeps positions rank, rank + worldSize, ... So all ranks see disjoint items and the
 * same number of batches.
 */
public record DistributedSampler(int n, int rank, int worldSize, boolean shuffle, long seed) implements Sampler {
    public DistributedSampler {
        if (worldSize < 1 || rank < 0 || rank >= worldSize)
            throw new IllegalArgumentException("DistributedSampler: need 0 <= rank < worldSize, got rank " + rank + " and worldSize " + worldSize);
        if (n < 1) throw new IllegalArgumentException("DistributedSampler: dataset size must be >= 1, got " + n);
    }

    @Override public int[] indices(int epoch) {
        int[] all = shuffle ? new Generator(RandomSampler.epochSeed(seed, epoch)).permutationArray(n) : new SequentialSampler(n).indices(epoch);
        int per = length();
        int[] mine = new int[per];
        for (int k = 0; k < per; k++) mine[k] = all[(rank + k * worldSize) % n];
        return mine;
    }

    @Override public int length() { return (n + worldSize - 1) / worldSize; }
}
