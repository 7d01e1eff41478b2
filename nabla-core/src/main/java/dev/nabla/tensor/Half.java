package dev.nabla.tensor;

/** bfloat16 conversions (float16 uses {@link Float#floatToFloat16}). */
final class Half {
    private Half() {}

    static float bf16ToFloat(short v) { return Float.intBitsToFloat((v & 0xffff) << 16); }

    /** Round to nearest even, keeping NaN a NaN. */
    static short floatToBf16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) return (short) ((bits >>> 16) | 0x40);
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
