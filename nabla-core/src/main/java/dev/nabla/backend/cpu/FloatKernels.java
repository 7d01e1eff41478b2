package dev.nabla.backend.cpu;

import dev.nabla.ops.BinaryOp;
import dev.nabla.ops.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 row kernels for the elementwise ops, vectorized with the Vector API. Unit-stride and
 * broadcast (stride 0) operands take the SIMD loop; other strides and the tails fall back to the
 * scalar definition in {@link UnaryOp#apply} / {@link BinaryOp#apply}, which is the reference
 * these kernels are tested against.
 */
public final class FloatKernels {
    private FloatKernels() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /**
     * True for the unary ops that have a SIMD implementation here. Transcendentals go through
     * {@link VectorMath}, whose bits do not depend on the JIT tier; log1p, expm1, sin and cos have
     * no deterministic vector version yet and take the scalar path (Math, the same in every tier).
     */
    static boolean vectorized(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, EXP, LOG, SQRT, RSQRT, TANH, SIGMOID, RELU, GELU, GELU_TANH, SILU, RECIPROCAL, SQUARE, ERF -> true;
            default -> false;
        };
    }

    private static FloatVector apply(UnaryOp op, FloatVector x) {
        return switch (op) {
            case NEG -> x.neg();
            case ABS -> x.abs();
            case EXP -> VectorMath.exp(x);
            case LOG -> VectorMath.log(x);
            case SQRT -> x.sqrt();
            case RSQRT -> FloatVector.broadcast(S, 1f).div(x.sqrt());
            case TANH -> VectorMath.tanh(x);
            case SIGMOID -> VectorMath.sigmoid(x);
            case RELU -> x.max(0f);
            case GELU -> x.mul(0.5f).mul(erf(x.mul((float) (1 / Math.sqrt(2)))).add(1f));
            case GELU_TANH -> x.mul(0.5f).mul(VectorMath.tanh(x.mul(x).mul(x).mul(0.044715f).add(x).mul((float) Math.sqrt(2 / Math.PI))).add(1f));
            case SILU -> x.mul(VectorMath.sigmoid(x));
            case RECIPROCAL -> FloatVector.broadcast(S, 1f).div(x);
            case SQUARE -> x.mul(x);
            case ERF -> erf(x);
            default -> throw new AssertionError(op);
        };
    }

    /** erf with absolute error below 1.5e-7 (Abramowitz and Stegun 7.1.26), odd-symmetric. */
    private static FloatVector erf(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector t = FloatVector.broadcast(S, 1f).div(ax.mul(0.3275911f).add(1f));
        FloatVector poly = t.mul(1.061405429f).add(-1.453152027f).mul(t).add(1.421413741f).mul(t)
                .add(-0.284496736f).mul(t).add(0.254829592f).mul(t);
        FloatVector e = VectorMath.exp(ax.mul(ax).neg());
        FloatVector y = FloatVector.broadcast(S, 1f).sub(poly.mul(e));
        VectorMask<Float> neg = x.compare(VectorOperators.LT, 0f);
        return y.blend(y.neg(), neg);
    }

    public static void unaryRow(UnaryOp op, float[] x, int xo, int xs, float[] y, int yo, int n) {
        int i = 0;
        if (xs == 1 && vectorized(op)) {
            for (int bound = S.loopBound(n); i < bound; i += L)
                apply(op, FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] = (float) op.apply(x[xo + i * xs]);
    }

    static boolean vectorized(BinaryOp op) {
        return op == BinaryOp.ADD || op == BinaryOp.SUB || op == BinaryOp.MUL || op == BinaryOp.DIV;
    }

    public static void binaryRow(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0;
        if (vectorized(op) && n >= L && (as == 1 && (bs == 0 || bs == 1) || as == 0 && bs == 1)) {
            // One method per op: a shared apply(op, x, y) was compiled on its own, too big to be
            // inlined, and a vector passed to a call that is not inlined is boxed and runs the Vector
            // API's Java fallback (a scalar divide by a tensor cost 4% of a transformer step so).
            i = switch (op) {
                case ADD -> add(a, ao, as, b, bo, bs, o, oo, n);
                case SUB -> sub(a, ao, as, b, bo, bs, o, oo, n);
                case MUL -> mul(a, ao, as, b, bo, bs, o, oo, n);
                default -> div(a, ao, as, b, bo, bs, o, oo, n);
            };
        }
        for (; i < n; i++) o[oo + i] = (float) op.apply(a[ao + i * as], b[bo + i * bs]);
    }

    // ---- GENERATED from add below by substituting the op's name (add, sub, mul, div); edit add and regenerate.

    /** Vector part of o = a add b with unit or zero (broadcast) strides, not both zero; returns the elements done. */
    private static int add(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0, bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (as == 1) {
            FloatVector vb = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).add(vb).intoArray(o, oo + i);
        } else {
            FloatVector va = FloatVector.broadcast(S, a[ao]);
            for (; i < bound; i += L) va.add(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        return i;
    }

    /** Vector part of o = a sub b with unit or zero (broadcast) strides, not both zero; returns the elements done. */
    private static int sub(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0, bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (as == 1) {
            FloatVector vb = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).sub(vb).intoArray(o, oo + i);
        } else {
            FloatVector va = FloatVector.broadcast(S, a[ao]);
            for (; i < bound; i += L) va.sub(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        return i;
    }

    /** Vector part of o = a mul b with unit or zero (broadcast) strides, not both zero; returns the elements done. */
    private static int mul(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0, bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (as == 1) {
            FloatVector vb = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).mul(vb).intoArray(o, oo + i);
        } else {
            FloatVector va = FloatVector.broadcast(S, a[ao]);
            for (; i < bound; i += L) va.mul(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        return i;
    }

    /** Vector part of o = a div b with unit or zero (broadcast) strides, not both zero; returns the elements done. */
    private static int div(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0, bound = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (as == 1) {
            FloatVector vb = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).div(vb).intoArray(o, oo + i);
        } else {
            FloatVector va = FloatVector.broadcast(S, a[ao]);
            for (; i < bound; i += L) va.div(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        return i;
    }

    /**
     * {@code o[oo + i] = x[xo + i*xs] * y[yo + i*ys] + z[zo + i*zs]} for i < n, rounded once (fma);
     * SIMD when every input step is 0 (a broadcast scalar) or 1. Modifies o only.
     */
    public static void fmaRow(float[] x, int xo, int xs, float[] y, int yo, int ys, float[] z, int zo, int zs,
                              float[] o, int oo, int n) {
        int i = 0;
        if (n > 0 && (xs | ys | zs) >>> 1 == 0) {   // all steps in {0, 1}
            int bound = S.loopBound(n);
            if (xs == 1 && ys == 0 && zs == 0) {   // a·x + b with scalars: the benchmark's shape
                FloatVector vy = FloatVector.broadcast(S, y[yo]), vz = FloatVector.broadcast(S, z[zo]);
                for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).fma(vy, vz).intoArray(o, oo + i);
            } else if (xs == 1 && ys == 0 && zs == 1) {   // z + alpha·x
                FloatVector vy = FloatVector.broadcast(S, y[yo]);
                for (; i < bound; i += L)
                    FloatVector.fromArray(S, x, xo + i).fma(vy, FloatVector.fromArray(S, z, zo + i)).intoArray(o, oo + i);
            } else {
                FloatVector bx = FloatVector.broadcast(S, x[xo]), by = FloatVector.broadcast(S, y[yo]), bz = FloatVector.broadcast(S, z[zo]);
                for (; i < bound; i += L) {
                    FloatVector vx = xs == 0 ? bx : FloatVector.fromArray(S, x, xo + i);
                    FloatVector vy = ys == 0 ? by : FloatVector.fromArray(S, y, yo + i);
                    FloatVector vz = zs == 0 ? bz : FloatVector.fromArray(S, z, zo + i);
                    vx.fma(vy, vz).intoArray(o, oo + i);
                }
            }
        }
        for (; i < n; i++) o[oo + i] = Math.fma(x[xo + i * xs], y[yo + i * ys], z[zo + i * zs]);
    }

    /** {@code mask[i] = x[xo + i] > 0 ? 1 : 0} for i < n (0 for NaN, like x > 0). Modifies mask only. */
    public static void positiveMask(float[] x, int xo, float[] mask, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f), zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L)
            zero.blend(one, FloatVector.fromArray(S, x, xo + i).compare(VectorOperators.GT, 0f)).intoArray(mask, i);
        for (; i < n; i++) mask[i] = x[xo + i] > 0 ? 1f : 0f;
    }

    /**
     * {@code out[i] = g[go + i] · (x[xo + i] > 0 ? 1 : 0)} for i < n: the ReLU backward in one pass,
     * the same products as multiplying by {@link #positiveMask} (so a NaN in g stays NaN). Modifies out only.
     */
    public static void mulPositiveMask(float[] g, int go, float[] x, int xo, float[] out, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f), zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector m = zero.blend(one, FloatVector.fromArray(S, x, xo + i).compare(VectorOperators.GT, 0f));
            FloatVector.fromArray(S, g, go + i).mul(m).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = g[go + i] * (x[xo + i] > 0 ? 1f : 0f);
    }

    /** Sum of a contiguous run, in float lanes per block of 4096, blocks accumulated in double. */
    public static double sum(float[] x, int xo, int n) {
        double total = 0;
        for (int start = 0; start < n; start += 4096) {
            int m = Math.min(4096, n - start), base = xo + start, i = 0;
            FloatVector acc0 = FloatVector.zero(S), acc1 = FloatVector.zero(S);
            for (int bound = m - 2 * L; i <= bound; i += 2 * L) {
                acc0 = acc0.add(FloatVector.fromArray(S, x, base + i));
                acc1 = acc1.add(FloatVector.fromArray(S, x, base + i + L));
            }
            double s = VectorMath.sum(acc0.add(acc1));
            for (; i < m; i++) s += x[base + i];
            total += s;
        }
        return total;
    }

    /** {@code acc[k] += x[xo + k]} for k in [0, n): column sums of a row-major matrix. */
    public static void addInto(float[] acc, int ao, float[] x, int xo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L)
            FloatVector.fromArray(S, acc, ao + i).add(FloatVector.fromArray(S, x, xo + i)).intoArray(acc, ao + i);
        for (; i < n; i++) acc[ao + i] += x[xo + i];
    }

    public static float max(float[] x, int xo, int n) {
        int i = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (n >= L) {
            FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int bound = S.loopBound(n); i < bound; i += L) acc = acc.max(FloatVector.fromArray(S, x, xo + i));
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) m = Math.max(m, x[xo + i]);
        return m;
    }

    /** Numerically stable (log-)softmax of one contiguous row. */
    public static void softmaxRow(float[] x, int xo, float[] y, int yo, int n, boolean log) {
        float m = max(x, xo, n);
        if (m == Float.NEGATIVE_INFINITY) m = 0;
        int i = 0;
        FloatVector vm = FloatVector.broadcast(S, m);
        FloatVector acc = FloatVector.zero(S);
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(S, x, xo + i).sub(vm));
            if (!log) e.intoArray(y, yo + i);
            acc = acc.add(e);
        }
        double s = VectorMath.sum(acc);
        for (; i < n; i++) {
            float e = (float) Math.exp(x[xo + i] - m);
            if (!log) y[yo + i] = e;
            s += e;
        }
        if (log) {
            // (x - m) - log(s), not x - (m + log(s)): rounding m + log(s) to float would cost up to
            // half an ulp of m (1e-6 for logits near 20) in every output, even the ones near 0
            float ls = (float) Math.log(s);
            FloatVector vls = FloatVector.broadcast(S, ls);
            i = 0;
            for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).sub(vm).sub(vls).intoArray(y, yo + i);
            for (; i < n; i++) y[yo + i] = (x[xo + i] - m) - ls;
        } else {
            float inv = (float) (1 / s);
            FloatVector vi = FloatVector.broadcast(S, inv);
            i = 0;
            for (; i < bound; i += L) FloatVector.fromArray(S, y, yo + i).mul(vi).intoArray(y, yo + i);
            for (; i < n; i++) y[yo + i] *= inv;
        }
    }
    /**
     * Float32 (log-)softmax backward over rows of n contiguous floats: one pass per row instead of
     * the composed mul, sum, sub, mul (four passes and three temporaries). Rows run in parallel.
     */
    public static void softmaxBackward(float[] y, int yo, float[] g, int go, float[] dx, int dxo, int rows, int n, boolean log) {
        Parallel.forRange(rows, Math.max(1, 16384 / Math.max(n, 1)), (s, e) -> {
            for (int r = s; r < e; r++) softmaxBackwardRow(y, yo + r * n, g, go + r * n, dx, dxo + r * n, n, log);
        });
    }

    /**
     * Gradient of one softmax row in one pass over y and g: {@code dx = y·(g - Σ g·y)}; for
     * log-softmax (y = log-probabilities) {@code dx = g - exp(y)·Σ g}.
     */
    public static void softmaxBackwardRow(float[] y, int yo, float[] g, int go, float[] dx, int dxo, int n, boolean log) {
        int i = 0, bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (; i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            acc = log ? acc.add(gv) : gv.fma(FloatVector.fromArray(S, y, yo + i), acc);
        }
        double s = VectorMath.sum(acc);
        for (; i < n; i++) s += log ? g[go + i] : (double) g[go + i] * y[yo + i];
        float sf = (float) s;
        FloatVector vs = FloatVector.broadcast(S, sf);
        for (i = 0; i < bound; i += L) {
            FloatVector yv = FloatVector.fromArray(S, y, yo + i), gv = FloatVector.fromArray(S, g, go + i);
            (log ? gv.sub(VectorMath.exp(yv).mul(vs)) : yv.mul(gv.sub(vs))).intoArray(dx, dxo + i);
        }
        for (; i < n; i++) dx[dxo + i] = log ? g[go + i] - (float) Math.exp(y[yo + i]) * sf : y[yo + i] * (g[go + i] - sf);
    }
}
