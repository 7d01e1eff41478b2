package dev.nabla.data.sampler;

import dev.nabla.tensor.Generator;

import java.util.Arrays;

/**
 * Draws {@code numSamples} indices with probability proportional to {@code weights[i]}, e.g. to
 * rebalance classes. With replacement: independent draws (binary search in the cumulative weights).
 * Without: a weighted random order (Efraimidis-Spirakis keys u^(1/w)), truncated to numSamples.
 */
public final class WeightedRandomSampler implements Sampler {
    private final double[] weights;
    private final double[] cumulative;
    private final int numSamples;
    private final boolean replacement;
    private final long seed;

    /** Args: weights &gt;= 0, finite, not all zero (not modified; copied). */
    public WeightedRandomSampler(double[] weights, int numSamples, boolean replacement, long seed) {
        this.weights = weights.clone();
        this.cumulative = new double[weights.length];
        double sum = 0;
        int positive = 0;
        for (int k = 0; k < weights.length; k++) {
            if (!(weights[k] >= 0) || Double.isInfinite(weights[k]))
                throw new IllegalArgumentException("WeightedRandomSampler: weight " + weights[k] + " at index " + k + " must be finite and >= 0");
            if (weights[k] > 0) positive++;
            cumulative[k] = sum += weights[k];
        }
        if (sum == 0) throw new IllegalArgumentException("WeightedRandomSampler: all " + weights.length + " weights are zero");
        if (numSamples < 0) throw new IllegalArgumentException("WeightedRandomSampler: numSamples must be >= 0, got " + numSamples);
        if (!replacement && numSamples > positive)
            throw new IllegalArgumentException("WeightedRandomSampler: cannot draw " + numSamples + " samples without replacement from "
                    + positive + " indices of positive weight");
        this.numSamples = numSamples;
        this.replacement = replacement;
        this.seed = seed;
    }

    @Override public int[] indices(int epoch) {
        Generator g = new Generator(RandomSampler.epochSeed(seed, epoch));
        int[] out = new int[numSamples];
        double total = cumulative[cumulative.length - 1];
        if (replacement) {
            for (int s = 0; s < numSamples; s++) {
                double u = g.nextDouble() * total;
                int k = Arrays.binarySearch(cumulative, u);
                k = k < 0 ? -k - 1 : k + 1; // first cumulative strictly above u
                while (k < weights.length - 1 && weights[k] == 0) k++;
                out[s] = Math.min(k, weights.length - 1);
            }
            return out;
        }
        Integer[] order = new Integer[weights.length];
        double[] key = new double[weights.length];
        for (int k = 0; k < weights.length; k++) {
            order[k] = k;
            double u = g.nextDouble();
            key[k] = weights[k] == 0 ? Double.NEGATIVE_INFINITY : Math.log(Math.max(u, 1e-300)) / weights[k];
        }
        Arrays.sort(order, (a, b) -> Double.compare(key[b], key[a]));
        for (int s = 0; s < numSamples; s++) out[s] = order[s];
        return out;
    }

    @Override public int length() { return numSamples; }
}
