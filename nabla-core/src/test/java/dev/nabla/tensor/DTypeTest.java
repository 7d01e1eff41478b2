package dev.nabla.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.*;

/** Type promotion, conversions between every pair of dtypes, and MemorySegment round trips. */
class DTypeTest {
    static Tensor ofType(DType dt, double... values) {
        Tensor t = Tensor.empty(dt, values.length);
        for (int k = 0; k < values.length; k++) t.set(values[k], k);
        return t;
    }

    @Test
    void promotionFollowsPyTorch() {
        Tensor i32 = ofType(DType.INT32, 7, 2), i64 = ofType(DType.INT64, 7, 2), f32 = ofType(DType.FLOAT32, 1, 2),
                f64 = ofType(DType.FLOAT64, 1, 2), b = ofType(DType.BOOL, 1, 0), bf = ofType(DType.BFLOAT16, 1, 2),
                h = ofType(DType.FLOAT16, 1, 2);
        assertEquals(DType.INT64, i32.add(i64).dtype());
        assertEquals(DType.FLOAT32, i64.add(f32).dtype());
        assertEquals(DType.FLOAT32, f32.mul(i32).dtype());
        assertEquals(DType.FLOAT64, f32.add(f64).dtype());
        assertEquals(DType.INT32, b.add(i32).dtype());
        assertEquals(DType.INT64, i64.mul(b).dtype());
        assertEquals(DType.FLOAT32, bf.add(h).dtype());
        assertEquals(DType.BFLOAT16, bf.mul(bf).dtype());
        assertEquals(DType.FLOAT16, i32.add(h).dtype());
        assertEquals(DType.FLOAT32, bf.add(f32).dtype());
        // true division of integers
        Tensor q = i32.div(i64);
        assertEquals(DType.FLOAT32, q.dtype());
        assertArrayEquals(new float[]{1, 1}, q.toFloatArray());
        assertArrayEquals(new float[]{3.5f, 1}, i64.div(ofType(DType.INT32, 2, 2)).toFloatArray());
        // comparisons give bool whatever the inputs
        assertEquals(DType.BOOL, i32.lt(f64).dtype());
        assertEquals(DType.BOOL, bf.eq(h).dtype());
        // Python scalars do not widen a tensor, except a fractional one next to integers
        assertEquals(DType.INT32, i32.add(2).dtype());
        assertEquals(DType.FLOAT32, i32.mul(2.5).dtype());
        assertArrayEquals(new float[]{17.5f, 5}, i32.mul(2.5).toFloatArray());
        assertEquals(DType.FLOAT16, h.mul(3.0).dtype());
        // bug fixed: the scalar 2 next to a bool tensor was stored as bool (true), so True + 2 gave 2
        Tensor bools = Tensor.of(new boolean[]{true, false}, 2);
        assertArrayEquals(new long[]{3, 2}, bools.add(2).toLongArray());
        assertArrayEquals(new boolean[]{false, false}, bools.eq(2).toBoolArray());
        assertArrayEquals(new boolean[]{true, false}, bools.eq(1).toBoolArray());
        assertArrayEquals(new float[]{1.5f, 0.5f}, bools.add(0.5).toFloatArray());
        assertArrayEquals(new long[]{2, 1}, bools.add(1).toLongArray());
        // bool with bool: add is logical or, mul logical and, both bool (changed from int64, as in PyTorch)
        Tensor other = Tensor.of(new boolean[]{true, true}, 2);
        assertEquals(DType.BOOL, bools.add(other).dtype());
        assertArrayEquals(new boolean[]{true, true}, bools.add(other).toBoolArray());
        assertArrayEquals(new boolean[]{true, false}, bools.mul(other).toBoolArray());
        var e = assertThrows(IllegalArgumentException.class, () -> bools.sub(other));
        assertTrue(e.getMessage().contains("sub") && e.getMessage().contains("bool"), e.getMessage());
        assertEquals(DType.FLOAT64, DType.promote(DType.FLOAT64, DType.BFLOAT16));
    }

    @Test
    void conversionBetweenEveryPairOfDtypes() {
        double[] values = {0, 1, 2, -3, 100, 7};
        int pairs = 0;
        for (DType from : DType.values())
            for (DType to : DType.values()) {
                Tensor src = ofType(from, from == DType.BOOL ? new double[]{0, 1, 1, 0} : values);
                Tensor dst = src.to(to);
                assertEquals(to, dst.dtype());
                double[] s = src.toDoubleArray(), d = dst.toDoubleArray();
                for (int k = 0; k < s.length; k++) {
                    double expect = to == DType.BOOL ? (s[k] != 0 ? 1 : 0) : s[k];
                    assertEquals(expect, d[k], 0, from + " -> " + to + " at " + k);
                }
                if (to != DType.BOOL) // bool keeps only zero / non-zero, tested below
                    assertArrayEquals(src.toDoubleArray(), dst.to(from).toDoubleArray(), 0, from + " -> " + to + " -> " + from);
                pairs++;
            }
        assertEquals(49, pairs);
    }

    @Test
    void boolConversionCollapsesNonZero() {
        assertArrayEquals(new boolean[]{false, true, true, true}, Tensor.of(0f, 0.5f, -2f, Float.NaN).to(DType.BOOL).toBoolArray());
    }

    @Test
    void floatToIntTruncatesTowardZero() {
        assertArrayEquals(new long[]{2, -2, 0}, Tensor.of(2.7f, -2.7f, -0.5f).to(DType.INT64).toLongArray());
        assertArrayEquals(new int[]{2, -2, 0}, Tensor.of(2.7f, -2.7f, -0.5f).to(DType.INT32).toIntArray());
    }

    @Test
    void halfPrecisionRoundTripsRoundToNearestEven() {
        // bfloat16 keeps 8 significand bits: 1 + 2^-8 is a tie -> even (1.0); 1 + 3·2^-8 -> 1 + 2^-6
        float[] in = {1f, 1 + 0x1p-8f, 1 + 3 * 0x1p-8f, -2.5f, 3.1415927f, 65504f, 1e-3f};
        float[] bf = Tensor.of(in).to(DType.BFLOAT16).toFloatArray();
        assertEquals(1f, bf[1]);
        assertEquals(1 + 0x1p-6f, bf[2]);
        assertEquals(-2.5f, bf[3]);
        assertEquals(3.140625f, bf[4]);
        for (int k = 0; k < in.length; k++) assertEquals(in[k], bf[k], Math.abs(in[k]) * 0x1p-8, "bf16 rel error <= 2^-8");
        float[] h = Tensor.of(in).to(DType.FLOAT16).toFloatArray();
        assertEquals(65504f, h[5], "float16 max is exact");
        for (int k = 0; k < in.length; k++) assertEquals(in[k], h[k], Math.abs(in[k]) * 0x1p-11, "f16 rel error <= 2^-11");
        assertEquals(Float.POSITIVE_INFINITY, Tensor.of(1e6f).to(DType.FLOAT16).item());
        assertTrue(Double.isNaN(Tensor.of(Float.NaN).to(DType.BFLOAT16).item()));
        // values exactly representable survive a round trip through both half types
        float[] exact = {0.5f, -1.75f, 1024f, 0f};
        assertArrayEquals(exact, Tensor.of(exact).to(DType.BFLOAT16).to(DType.FLOAT16).to(DType.FLOAT32).toFloatArray());
    }

    @Test
    void memorySegmentRoundTripForEveryDtype() {
        for (DType dt : DType.values()) {
            Tensor t = ofType(dt, 1, 0, 1, 1, 0, 1).reshape(2, 3);
            if (dt != DType.BOOL) t = ofType(dt, 1, -2, 3, 4.5, -0.25, 6).reshape(2, 3);
            MemorySegment seg = t.asMemorySegment();
            assertEquals(6L * dt.byteSize(), seg.byteSize());
            Tensor back = Tensor.fromMemorySegment(seg, dt, 2, 3);
            assertArrayEquals(t.toDoubleArray(), back.toDoubleArray(), 0, dt.toString());
            assertNotSame(t.storage(), back.storage(), "fromMemorySegment copies");
        }
        Tensor base = Tensor.arange(0, 12, 1).reshape(3, 4);
        MemorySegment row = base.select(0, 1).asMemorySegment();
        assertArrayEquals(new float[]{4, 5, 6, 7}, Tensor.fromMemorySegment(row, DType.FLOAT32, 4).toFloatArray(), "a view's offset is honoured");
        var e = assertThrows(IllegalStateException.class, () -> base.t().asMemorySegment());
        assertTrue(e.getMessage().contains("asMemorySegment") && e.getMessage().contains("[4, 3]"), e.getMessage());
        var small = assertThrows(IllegalArgumentException.class, () -> Tensor.fromMemorySegment(row, DType.FLOAT32, 5));
        assertTrue(small.getMessage().contains("[5]") && small.getMessage().contains("16"), small.getMessage());
    }
}
