package dev.nabla.data.transforms;

import dev.nabla.tensor.Generator;

/** (x - mean[c]) / std[c] per channel; one mean/std pair applies to every channel. In place, not random. */
public record Normalize(float[] mean, float[] std) implements ImageTransform {
    public Normalize {
        if (mean.length == 0 || mean.length != std.length)
            throw new IllegalArgumentException("Normalize: need as many means as stds (one per channel), got " + mean.length + " and " + std.length);
        for (float s : std) if (!(s > 0)) throw new IllegalArgumentException("Normalize: std " + s + " must be > 0");
        mean = mean.clone();
        std = std.clone();
    }

    /** A copy of the per-channel means. */
    @Override public float[] mean() { return mean.clone(); }

    /** A copy of the per-channel standard deviations. */
    @Override public float[] std() { return std.clone(); }

    public Normalize(double mean, double std) { this(new float[]{(float) mean}, new float[]{(float) std}); }

    @Override public float[] apply(float[] img, int c, int h, int w, Generator rng) {
        if (mean.length != 1 && mean.length != c)
            throw new IllegalArgumentException("Normalize: " + mean.length + " means for an image with " + c + " channels");
        int plane = h * w;
        for (int ch = 0; ch < c; ch++) {
            float m = mean[mean.length == 1 ? 0 : ch], inv = 1f / std[std.length == 1 ? 0 : ch];
            for (int k = ch * plane, end = k + plane; k < end; k++) img[k] = (img[k] - m) * inv;
        }
        return img;
    }
}
