package dev.nabla.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Deterministic vectorized float32 transcendentals and lane sums.
 *
 * <p>Why this exists: the Vector API's {@code lanewise(EXP/LOG/TANH...)} runs a Java fallback when
 * interpreted or C1-compiled and an SVML intrinsic once C2 compiles the caller; the two differ in
 * the last bit of some lanes. {@code reduceLanes(ADD)} likewise changes its summation order with
 * the tier. Nabla promises bitwise-equal results for equal seeds, so every function here is built
 * only from operations IEEE 754 rounds exactly the same way in every tier (add, sub, mul, fma,
 * div, min/max, compares, blends, integer bit manipulation, exact int/float conversions), applied
 * in a fixed order.
 *
 * <p>Accuracy (measured by {@code VectorMathAccuracyTest} against double-precision {@code Math}):
 * at most 2 ulp for exp, log, tanh and sigmoid over the whole float range, including denormals,
 * overflow to infinity, underflow to zero, ±0, ±infinity and NaN.
 *
 * <p>All inputs are "Not modified." (vectors are values).
 */
public final class VectorMath {
    private VectorMath() {}

    private static final float LOG2E = (float) (1 / Math.log(2));
    private static final float LN2_HI = (float) Math.log(2);
    private static final float LN2_LO = (float) (Math.log(2) - LN2_HI);
    /** 1.5 * 2^23: adding and subtracting it rounds a float of magnitude below 2^22 to an integer. */
    private static final float ROUNDER = 0x1.8p23f;

    /**
     * e^x per lane. Cody-Waite reduction x = k ln2 + r with |r| ≤ ln2/2 (k rounded with the
     * 1.5·2^23 trick, r computed with two fmas so k·ln2 is effectively exact), then a degree-7
     * Taylor polynomial (truncation below 0.05 ulp on that interval), then a two-step scale by
     * 2^k: splitting k keeps both factors normal so results near overflow and in the denormal range
     * are rounded once.
     */
    public static FloatVector exp(FloatVector x) {
        // clamping keeps k in [-150, 128]; NaN passes through min/max and stays NaN
        FloatVector xc = x.max(-104f).min(89f);
        FloatVector kr = xc.fma(LOG2E, ROUNDER);
        FloatVector k = kr.sub(ROUNDER);
        FloatVector r = k.fma(x.broadcast(-LN2_HI), xc);
        r = k.fma(x.broadcast(-LN2_LO), r);
        FloatVector q = r.fma(1f / 5040, 1f / 720).fma(r, x.broadcast(1f / 120)).fma(r, x.broadcast(1f / 24))
                .fma(r, x.broadcast(1f / 6)).fma(r, x.broadcast(0.5f)).fma(r, x.broadcast(1f));
        FloatVector p = r.fma(q, x.broadcast(1f));
        // kr lies in [2^23, 2^24) where the float spacing is 1, so its low bits are k itself: cheaper
        // than an F2I conversion, which C2 follows with fix-ups for NaN and overflow
        IntVector ki = kr.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUNDER));
        IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1), k2 = ki.sub(k1);
        FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(s1).mul(s2);
    }

    /**
     * Natural log per lane. x = m·2^e with m in [√½, √2) (denormals are first scaled by 2^23),
     * f = m − 1, and log(1+f) = f − (f²/2 − s(f²/2 + R(s²))) with s = f/(2+f): the leading term f is
     * exact, so the rounding of s only touches a small correction. e·ln2 is added with one fma.
     * log(0) = −inf, log(x &lt; 0) = NaN, log(+inf) = +inf, NaN stays NaN.
     */
    public static FloatVector log(FloatVector x) {
        VectorMask<Float> sub = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector xs = x.blend(x.mul(0x1p23f), sub);
        IntVector ix = xs.reinterpretAsInts().sub(0x3f3504f3);     // bits of √½
        FloatVector e = ((FloatVector) ix.lanewise(VectorOperators.ASHR, 23).convert(VectorOperators.I2F, 0))
                .sub(x.broadcast(0f).blend(23f, sub));
        FloatVector m = ix.and(0x7fffff).add(0x3f3504f3).reinterpretAsFloats();
        FloatVector f = m.sub(1f);
        FloatVector hfsq = f.mul(f).mul(0.5f);
        FloatVector s = f.div(f.add(2f));
        FloatVector z = s.mul(s);
        FloatVector rr = z.fma(2f / 9, 2f / 7).fma(z, x.broadcast(2f / 5)).fma(z, x.broadcast(2f / 3)).mul(z);
        FloatVector rest = f.sub(hfsq.sub(s.fma(hfsq.add(rr), e.mul(LN2_LO))));
        FloatVector y = e.fma(x.broadcast(LN2_HI), rest);
        y = y.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        y = y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        return y.blend(Float.NaN, x.compare(VectorOperators.LT, 0f).or(x.test(VectorOperators.IS_NAN)));
    }

    /** Below this |x| tanh uses the odd polynomial; above it 1 − 2/(e^{2|x|}+1) loses under 1 ulp. */
    private static final float TANH_POLY_LIMIT = 0.625f;

    /**
     * tanh per lane. |x| &lt; 0.625: x + x³Q(x²) with Q fitted (relative-error least squares, float
     * coefficients) to keep relative accuracy near 0 and for denormals; above: 1 − 2/(e^{2|x|}+1),
     * which saturates to exactly 1 once e^{2|x|} overflows. The sign is copied from x (tanh(−0) = −0).
     */
    public static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector z = a.mul(a);
        FloatVector q = z.fma(0x1.197df4p-9f, -0x1.0c241ap-7f).fma(z, x.broadcast(0x1.63960cp-6f))
                .fma(z, x.broadcast(-0x1.b9efb0p-5f)).fma(z, x.broadcast(0x1.11106cp-3f))
                .fma(z, x.broadcast(-0x1.555554p-2f));
        FloatVector small = a.mul(z).fma(q, a);
        FloatVector large = x.broadcast(1f).sub(x.broadcast(2f).div(exp(a.add(a)).add(1f)));
        FloatVector y = large.blend(small, a.compare(VectorOperators.LT, TANH_POLY_LIMIT));
        IntVector sign = x.reinterpretAsInts().and(0x80000000);
        return y.reinterpretAsInts().or(sign).reinterpretAsFloats();
    }

    /**
     * Logistic sigmoid 1/(1+e^{−x}) per lane, written as e/(1+e) with e = e^{−|x|} for x &lt; 0 so
     * that it never overflows and keeps relative accuracy down to the denormal range.
     */
    public static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        FloatVector num = x.broadcast(1f).blend(e, x.compare(VectorOperators.LT, 0f));
        // d + err = 1 + e exactly (Fast2Sum, e <= 1); one correction step with the exact residual
        // num - q(d + err) removes the rounding of 1 + e and of the quotient, which alone reach 2 ulp
        FloatVector d = e.add(1f);
        FloatVector err = x.broadcast(1f).sub(d).add(e);
        FloatVector inv = x.broadcast(1f).div(d);
        FloatVector q = num.mul(inv);
        FloatVector res = q.neg().fma(err, q.neg().fma(d, num));
        return res.fma(inv, q);
    }

    // ---- deterministic lane sums -------------------------------------------------------------

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float>[] F_SWAPS = swaps(FS);
    private static final VectorShuffle<Double>[] D_SWAPS = swaps(DS);

    /** Shuffles pairing lane i with lane i ^ h for h = L/2, L/4, ..., 1: a fixed butterfly. */
    @SuppressWarnings("unchecked")
    private static <E> VectorShuffle<E>[] swaps(VectorSpecies<E> s) {
        int n = Integer.numberOfTrailingZeros(s.length());
        VectorShuffle<E>[] out = new VectorShuffle[n];
        for (int j = 0; j < n; j++) {
            int h = s.length() >> (j + 1);
            out[j] = VectorShuffle.fromOp(s, i -> i ^ h);
        }
        return out;
    }

    /**
     * Sum of the lanes in a fixed pairwise order (lane i + lane i+L/2, then halves again), the same
     * in every JIT tier, unlike {@code reduceLanes(ADD)}.
     */
    public static float sum(FloatVector v) {
        if (v.species() != FS) return laneSum(v.toArray());
        for (VectorShuffle<Float> sh : F_SWAPS) v = v.add(v.rearrange(sh));
        return v.lane(0);
    }

    /** Double twin of {@link #sum(FloatVector)}. */
    public static double sum(DoubleVector v) {
        if (v.species() != DS) {
            double[] a = v.toArray();
            for (int w = a.length / 2; w >= 1; w /= 2) for (int i = 0; i < w; i++) a[i] += a[i + w];
            return a[0];
        }
        for (VectorShuffle<Double> sh : D_SWAPS) v = v.add(v.rearrange(sh));
        return v.lane(0);
    }

    /** Same pairwise order as the butterfly, for species other than the preferred one. */
    private static float laneSum(float[] a) {
        for (int w = a.length / 2; w >= 1; w /= 2) for (int i = 0; i < w; i++) a[i] += a[i + w];
        return a[0];
    }
}
