package dev.nabla.tensor;

import java.lang.foreign.MemorySegment;

/**
 * A flat, heap-allocated buffer of one dtype, shared by a tensor and all its views.
 * Exactly one of the typed arrays is non-null. The version counter is bumped by every in-place
 * write so that autograd can detect tensors modified after being saved for backward.
 */
public final class Storage {
    final DType dtype;
    final float[] f;
    final double[] d;
    final int[] i;
    final long[] l;
    final byte[] b;
    final short[] h;
    private final int length;
    int version;

    private Storage(DType dtype, float[] f, double[] d, int[] i, long[] l, byte[] b, short[] h, int length) {
        this.dtype = dtype; this.f = f; this.d = d; this.i = i; this.l = l; this.b = b; this.h = h; this.length = length;
    }

    public static Storage allocate(DType dtype, int n) {
        return switch (dtype) {
            case FLOAT32 -> new Storage(dtype, new float[n], null, null, null, null, null, n);
            case FLOAT64 -> new Storage(dtype, null, new double[n], null, null, null, null, n);
            case INT32 -> new Storage(dtype, null, null, new int[n], null, null, null, n);
            case INT64 -> new Storage(dtype, null, null, null, new long[n], null, null, n);
            case BOOL -> new Storage(dtype, null, null, null, null, new byte[n], null, n);
            case BFLOAT16, FLOAT16 -> new Storage(dtype, null, null, null, null, null, new short[n], n);
        };
    }

    public static Storage of(float[] a) { return new Storage(DType.FLOAT32, a, null, null, null, null, null, a.length); }
    public static Storage of(double[] a) { return new Storage(DType.FLOAT64, null, a, null, null, null, null, a.length); }
    public static Storage of(int[] a) { return new Storage(DType.INT32, null, null, a, null, null, null, a.length); }
    public static Storage of(long[] a) { return new Storage(DType.INT64, null, null, null, a, null, null, a.length); }
    static Storage ofBool(byte[] a) { return new Storage(DType.BOOL, null, null, null, null, a, null, a.length); }
    static Storage ofHalf(DType dt, short[] a) { return new Storage(dt, null, null, null, null, null, a, a.length); }

    public DType dtype() { return dtype; }
    public int length() { return length; }
    public int version() { return version; }
    public void bumpVersion() { version++; }

    public float[] floats() { return f; }
    public double[] doubles() { return d; }
    public int[] ints() { return i; }
    public long[] longs() { return l; }
    public byte[] bools() { return b; }
    public short[] halves() { return h; }

    /** Reads element {@code k} widened to double (bool as 0/1). */
    public double getDouble(int k) {
        return switch (dtype) {
            case FLOAT32 -> f[k];
            case FLOAT64 -> d[k];
            case INT32 -> i[k];
            case INT64 -> l[k];
            case BOOL -> b[k];
            case BFLOAT16 -> Half.bf16ToFloat(h[k]);
            case FLOAT16 -> Float.float16ToFloat(h[k]);
        };
    }

    /** Writes element {@code k}, converting from double the way a cast would (truncation for ints, != 0 for bool). */
    public void setDouble(int k, double v) {
        switch (dtype) {
            case FLOAT32 -> f[k] = (float) v;
            case FLOAT64 -> d[k] = v;
            case INT32 -> i[k] = (int) v;
            case INT64 -> l[k] = (long) v;
            case BOOL -> b[k] = (byte) (v != 0 ? 1 : 0);
            case BFLOAT16 -> h[k] = Half.floatToBf16((float) v);
            case FLOAT16 -> h[k] = Float.floatToFloat16((float) v);
        }
    }

    public long getLong(int k) {
        return switch (dtype) {
            case INT64 -> l[k];
            case INT32 -> i[k];
            default -> (long) getDouble(k);
        };
    }

    public void setLong(int k, long v) {
        switch (dtype) {
            case INT64 -> l[k] = v;
            case INT32 -> i[k] = (int) v;
            default -> setDouble(k, v);
        }
    }

    /** A zero-copy view of the backing array. */
    public MemorySegment segment() {
        return switch (dtype) {
            case FLOAT32 -> MemorySegment.ofArray(f);
            case FLOAT64 -> MemorySegment.ofArray(d);
            case INT32 -> MemorySegment.ofArray(i);
            case INT64 -> MemorySegment.ofArray(l);
            case BOOL -> MemorySegment.ofArray(b);
            case BFLOAT16, FLOAT16 -> MemorySegment.ofArray(h);
        };
    }
}
