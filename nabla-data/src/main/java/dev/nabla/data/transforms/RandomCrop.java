package dev.nabla.data.transforms;

import dev.nabla.tensor.Generator;

/**
 * Pads the image by {@code padding} pixels of {@code fill} on every side, then cuts a random
 * {@code size} x {@code size} window (the CIFAR / Fashion-MNIST augmentation). Draws two integers.
 */
public record RandomCrop(int size, int padding, float fill) implements ImageTransform {
    public RandomCrop {
        if (size < 1 || padding < 0) throw new IllegalArgumentException("RandomCrop: need size >= 1 and padding >= 0, got " + size + " and " + padding);
    }

    public RandomCrop(int size, int padding) { this(size, padding, 0f); }

    @Override public int[] outShape(int c, int h, int w) { return new int[]{c, size, size}; }

    @Override public float[] apply(float[] img, int c, int h, int w, Generator rng) {
        int ph = h + 2 * padding, pw = w + 2 * padding;
        if (size > ph || size > pw)
            throw new IllegalArgumentException("RandomCrop: crop " + size + "x" + size + " is larger than the padded image " + ph + "x" + pw);
        // Top-left corner of the window in padded coordinates, shifted back to source coordinates.
        int top = (int) rng.nextLong(ph - size + 1) - padding;
        int left = (int) rng.nextLong(pw - size + 1) - padding;
        float[] out = new float[c * size * size];
        if (fill != 0) java.util.Arrays.fill(out, fill);
        int x0 = Math.max(0, -left), x1 = Math.min(size, w - left); // columns of the window that fall inside the source
        if (x1 <= x0) return out;
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < size; y++) {
                int sy = y + top;
                if (sy < 0 || sy >= h) continue;
                System.arraycopy(img, (ch * h + sy) * w + left + x0, out, (ch * size + y) * size + x0, x1 - x0);
            }
        return out;
    }
}
