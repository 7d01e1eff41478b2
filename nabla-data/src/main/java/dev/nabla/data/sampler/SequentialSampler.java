package dev.nabla.data.sampler;

/** 0, 1, ..., n-1 every epoch. */
public record SequentialSampler(int n) implements Sampler {
    public SequentialSampler {
        if (n < 0) throw new IllegalArgumentException("SequentialSampler: n must be >= 0, got " + n);
    }

    @Override public int[] indices(int epoch) {
        int[] idx = new int[n];
        for (int k = 0; k < n; k++) idx[k] = k;
        return idx;
    }

    @Override public int length() { return n; }
}
