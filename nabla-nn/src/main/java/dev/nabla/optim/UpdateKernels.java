package dev.nabla.optim;

import dev.nabla.backend.cpu.Parallel;
import dev.nabla.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused parameter updates over raw float arrays: one pass reads the gradient and state and writes
 * the parameter and state together, vectorized with the Vector API; large parameters are split
 * over threads. The scalar tails repeat the same formula and define the semantics.
 */
final class UpdateKernels {
    private UpdateKernels() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Elements per thread chunk: below this a thread hand-off costs more than it saves. */
    static final int GRAIN = 1 << 15;

    /**
     * One optimizer's fused update of elements [s, e) of a parameter: parameter element i at
     * {@code p[po + i]}, its gradient at {@code g[go + i]}, state buffers (fresh, contiguous) at {@code [i]}.
     * Each optimizer writes its own as a lambda so its vector loop is compiled on its own, monomorphic.
     */
    @FunctionalInterface
    interface Range {
        void update(float[] p, int po, float[] g, int go, int s, int e);
    }

    /**
     * Runs {@code kernel} over every element of {@code p} (contiguous float32, like {@code grad}),
     * split over threads for large parameters. The per-chunk call is the only indirect call.
     */
    static void forEachRange(Tensor p, Tensor grad, Range kernel) {
        float[] pd = p.storage().floats(), gd = grad.storage().floats();
        int po = p.offset(), go = grad.offset();
        Parallel.forRange(p.numel(), GRAIN, (s, e) -> kernel.update(pd, po, gd, go, s, e));
    }

    /** Hyperparameters of one Adam/AdamW step, with the bias corrections of step t folded in. */
    record AdamStep(float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float invSqrtBc2, float eps, float wdCoupled, float decay) {}

    /**
     * Adam/AdamW over [0, n): {@code p *= decay; g += wd·p; m = β1 m + (1-β1) g; v = β2 v + (1-β2) g²;
     * vmax = max(vmax, v) (when non-null); p -= stepSize · m / (sqrt(v̂)·invSqrtBc2 + eps)}.
     */
    static void adam(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] vmax, int n, AdamStep h) {
        boolean warming = adamUpdated < ADAM_WARM_ELEMENTS;
        adamUpdated += n;
        Parallel.forRange(n, GRAIN, (s, e) -> adamRange(p, po, g, go, m, v, vmax, s, warming ? s + (e - s) / ADAM_WARM_VECTOR_SHARE : e, e, h));
    }

    /**
     * Elements updated while Adam's vector loop warms up. Until C2 compiles it the loop runs interpreted
     * or in C1, which does not intrinsify the Vector API (each vector op allocates): ~0.3 s for the first
     * step of a 1.7M-parameter CNN, where the scalar loop, compiled by C1 at once, takes milliseconds.
     * Meanwhile 1/{@link #ADAM_WARM_VECTOR_SHARE} of each chunk still goes through the vector loop so C2
     * compiles it in time. The scalar loop computes bit for bit what the vector lanes do, so the split
     * does not change results. ~10 steps of that CNN.
     */
    static final long ADAM_WARM_ELEMENTS = 1L << 24;
    static final int ADAM_WARM_VECTOR_SHARE = 16;
    /** Elements updated so far (racy on purpose: it only steers the warm-up). */
    private static long adamUpdated;

    /** Adam over [s, e): the vector loop up to about {@code vecEnd}, the scalar loop after it. */
    static void adamRange(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] vmax, int s, int vecEnd, int e, AdamStep h) {
        float b1 = h.beta1(), b2 = h.beta2(), c1 = h.oneMinusBeta1(), c2 = h.oneMinusBeta2(), ss = h.stepSize(), ib = h.invSqrtBc2(), eps = h.eps();
        float wd = h.wdCoupled(), decay = h.decay();
        int i = s;
        for (int bound = s + S.loopBound(vecEnd - s); i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, po + i).mul(decay);
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            if (wd != 0) gv = gv.add(pv.mul(wd));
            FloatVector mv = FloatVector.fromArray(S, m, i).mul(b1).add(gv.mul(c1));
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(b2).add(gv.mul(gv).mul(c2));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            if (vmax != null) {
                vv = FloatVector.fromArray(S, vmax, i).max(vv);
                vv.intoArray(vmax, i);
            }
            FloatVector denom = vv.sqrt().mul(ib).add(eps);
            pv.sub(mv.mul(ss).div(denom)).intoArray(p, po + i);
        }
        for (; i < e; i++) {
            float pi = p[po + i] * decay;
            float gi = wd != 0 ? g[go + i] + wd * pi : g[go + i];   // as the vector loop: bit-identical lanes
            float mi = b1 * m[i] + c1 * gi, vi = b2 * v[i] + c2 * (gi * gi);
            m[i] = mi;
            v[i] = vi;
            if (vmax != null) vi = vmax[i] = Math.max(vmax[i], vi);
            p[po + i] = pi - ss * mi / ((float) Math.sqrt(vi) * ib + eps);
        }
    }

    /**
     * SGD over [0, n): {@code g += wd·p; buf = first ? g : μ buf + (1-dampening) g;
     * d = nesterov ? g + μ buf : buf; p -= lr·d}. {@code buf} null means no momentum; {@code keep} = 1 - dampening.
     */
    static void sgd(float[] p, int po, float[] g, int go, float[] buf, int n, float lr, float mu, float keep,
                    float wd, boolean nesterov, boolean first) {
        Parallel.forRange(n, GRAIN, (s, e) -> sgdRange(p, po, g, go, buf, s, e, lr, mu, keep, wd, nesterov, first));
    }

    private static void sgdRange(float[] p, int po, float[] g, int go, float[] buf, int s, int e, float lr, float mu,
                                 float keep, float wd, boolean nesterov, boolean first) {
        int i = s;
        for (int bound = s + S.loopBound(e - s); i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, po + i);
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            if (wd != 0) gv = gv.add(pv.mul(wd));
            FloatVector d = gv;
            if (buf != null) {
                FloatVector bv = first ? gv : FloatVector.fromArray(S, buf, i).mul(mu).add(gv.mul(keep));
                bv.intoArray(buf, i);
                d = nesterov ? gv.add(bv.mul(mu)) : bv;
            }
            pv.sub(d.mul(lr)).intoArray(p, po + i);
        }
        for (; i < e; i++) {
            float gi = g[go + i] + wd * p[po + i], d = gi;
            if (buf != null) {
                float b = first ? gi : mu * buf[i] + keep * gi;
                buf[i] = b;
                d = nesterov ? gi + mu * b : b;
            }
            p[po + i] -= lr * d;
        }
    }

    /** Lion over [0, n): {@code p *= decay; p -= lr·sign(β1 m + (1-β1) g); m = β2 m + (1-β2) g}. */
    static void lion(float[] p, int po, float[] g, int go, float[] m, int n, float lr, float b1, float c1, float b2, float c2, float decay) {
        Parallel.forRange(n, GRAIN, (s, e) -> {
            int i = s;
            for (int bound = s + S.loopBound(e - s); i < bound; i += L) {
                FloatVector gv = FloatVector.fromArray(S, g, go + i), mv = FloatVector.fromArray(S, m, i);
                FloatVector c = mv.mul(b1).add(gv.mul(c1));
                FloatVector zero = FloatVector.zero(S);
                FloatVector sign = zero.blend(1f, c.compare(VectorOperators.GT, 0f)).blend(-1f, c.compare(VectorOperators.LT, 0f));
                FloatVector.fromArray(S, p, po + i).mul(decay).sub(sign.mul(lr)).intoArray(p, po + i);
                mv.mul(b2).add(gv.mul(c2)).intoArray(m, i);
            }
            for (; i < e; i++) {
                float c = b1 * m[i] + c1 * g[go + i];
                p[po + i] = p[po + i] * decay - lr * Math.signum(c);
                m[i] = b2 * m[i] + c2 * g[go + i];
            }
        });
    }
}
