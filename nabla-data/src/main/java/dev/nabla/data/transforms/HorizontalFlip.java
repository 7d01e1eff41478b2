package dev.nabla.data.transforms;

import dev.nabla.tensor.Generator;

/** Mirrors the image left-right with probability {@code p} (one draw per image). In place. */
public record HorizontalFlip(double p) implements ImageTransform {
    public HorizontalFlip {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("HorizontalFlip: probability " + p + " is outside [0, 1]");
    }

    @Override public float[] apply(float[] img, int c, int h, int w, Generator rng) {
        if (rng.nextDouble() >= p) return img;
        for (int row = 0; row < c * h; row++)
            for (int a = row * w, b = a + w - 1; a < b; a++, b--) {
                float t = img[a]; img[a] = img[b]; img[b] = t;
            }
        return img;
    }
}
