package dev.nabla.data.transforms;

import dev.nabla.tensor.Generator;

/**
 * A small random rotation (uniform in ±maxDegrees about the centre) and translation (uniform in
 * ±maxTranslate of the width / height), bilinear resampling, {@code fill} outside the source.
 * Draws three doubles per image.
 */
public record RandomAffine(double maxDegrees, double maxTranslate, float fill) implements ImageTransform {
    public RandomAffine {
        if (!(maxDegrees >= 0 && maxDegrees <= 180) || !(maxTranslate >= 0 && maxTranslate < 1))
            throw new IllegalArgumentException("RandomAffine: need 0 <= maxDegrees <= 180 and 0 <= maxTranslate < 1, got " + maxDegrees + " and " + maxTranslate);
    }

    public RandomAffine(double maxDegrees, double maxTranslate) { this(maxDegrees, maxTranslate, 0f); }

    @Override public float[] apply(float[] img, int c, int h, int w, Generator rng) {
        double angle = Math.toRadians((2 * rng.nextDouble() - 1) * maxDegrees);
        double tx = (2 * rng.nextDouble() - 1) * maxTranslate * w, ty = (2 * rng.nextDouble() - 1) * maxTranslate * h;
        return warp(img, c, h, w, angle, tx, ty, fill);
    }

    /** Rotates by {@code angle} radians about the centre then shifts by (tx, ty) pixels; inverse-maps each output pixel. */
    static float[] warp(float[] img, int c, int h, int w, double angle, double tx, double ty, float fill) {
        float[] out = new float[img.length];
        double cos = Math.cos(angle), sin = Math.sin(angle), cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double dx = x - cx - tx, dy = y - cy - ty;
                double sx = cos * dx + sin * dy + cx, sy = -sin * dx + cos * dy + cy; // inverse rotation
                int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
                double fx = sx - x0, fy = sy - y0;
                for (int ch = 0; ch < c; ch++) {
                    int base = ch * h * w;
                    double v = (1 - fx) * (1 - fy) * px(img, base, h, w, x0, y0, fill) + fx * (1 - fy) * px(img, base, h, w, x0 + 1, y0, fill)
                            + (1 - fx) * fy * px(img, base, h, w, x0, y0 + 1, fill) + fx * fy * px(img, base, h, w, x0 + 1, y0 + 1, fill);
                    out[base + y * w + x] = (float) v;
                }
            }
        return out;
    }

    private static float px(float[] img, int base, int h, int w, int x, int y, float fill) {
        return x < 0 || y < 0 || x >= w || y >= h ? fill : img[base + y * w + x];
    }
}
