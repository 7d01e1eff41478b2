package dev.nabla.data.sampler;

import dev.nabla.tensor.Generator;

/** A fresh random permutation of 0..n-1 each epoch, drawn from (seed, epoch): same seed, same orders. */
public record RandomSampler(int n, long seed) implements Sampler {
    public RandomSampler {
        if (n < 0) throw new IllegalArgumentException("RandomSampler: n must be >= 0, got " + n);
    }

    @Override public int[] indices(int epoch) { return new Generator(epochSeed(seed, epoch)).permutationArray(n); }

    @Override public int length() { return n; }

    /** The generator seed for one epoch; spreads nearby (seed, epoch) pairs apart. */
    static long epochSeed(long seed, int epoch) {
        long z = seed * 0x9E3779B97F4A7C15L + (epoch + 1L) * 0xD1B54A32D192ED03L;
        z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 29);
    }
}
