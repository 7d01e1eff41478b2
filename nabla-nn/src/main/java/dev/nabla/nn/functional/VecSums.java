package dev.nabla.nn.functional;

import dev.nabla.backend.cpu.VectorMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized reductions over float[] segments for the normalization kernels (C2 does not
 * vectorize floating-point sums on its own, since that reorders the additions). Lanes accumulate
 * in float over one segment, typically one row or one plane; callers add segments up in double.
 */
final class VecSums {
    private VecSums() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Σ a[off .. off+len). */
    static double sum(float[] a, int off, int len) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0, bound = S.loopBound(len);
        for (; i < bound; i += S.length()) acc = acc.add(FloatVector.fromArray(S, a, off + i));
        double s = VectorMath.sum(acc);
        for (; i < len; i++) s += a[off + i];
        return s;
    }

    /** Σ (a[i] − mu)² over the segment. */
    static double sumSqDev(float[] a, int off, int len, float mu) {
        FloatVector acc = FloatVector.zero(S), m = FloatVector.broadcast(S, mu);
        int i = 0, bound = S.loopBound(len);
        for (; i < bound; i += S.length()) {
            FloatVector d = FloatVector.fromArray(S, a, off + i).sub(m);
            acc = d.fma(d, acc);
        }
        double s = VectorMath.sum(acc);
        for (; i < len; i++) { double d = a[off + i] - mu; s += d * d; }
        return s;
    }

    /** Σ g[i]·(x[i] − mu) over two aligned segments. */
    static double dotCentered(float[] g, int go, float[] x, int xo, int len, float mu) {
        FloatVector acc = FloatVector.zero(S), m = FloatVector.broadcast(S, mu);
        int i = 0, bound = S.loopBound(len);
        for (; i < bound; i += S.length())
            acc = FloatVector.fromArray(S, g, go + i).fma(FloatVector.fromArray(S, x, xo + i).sub(m), acc);
        double s = VectorMath.sum(acc);
        for (; i < len; i++) s += g[go + i] * (double) (x[xo + i] - mu);
        return s;
    }
}
