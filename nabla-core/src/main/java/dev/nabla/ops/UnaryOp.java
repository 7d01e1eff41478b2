package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.backend.cpu.FloatKernels;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

/**
 * The elementwise unary primitives. Each constant holds its definition ({@link #apply}, in double:
 * the reference the SIMD kernels are tested against) and, beside it, its chain rule written with
 * tensor ops (so it is differentiable again).
 */
public enum UnaryOp {
    NEG("neg") {
        public double apply(double x) { return -x; }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.neg(); }
    },
    ABS("abs") {
        public double apply(double x) { return Math.abs(x); }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(x.sign()); }
    },
    EXP("exp") {
        public double apply(double x) { return Math.exp(x); }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(y); }
    },
    LOG("log") {
        public double apply(double x) { return Math.log(x); }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.div(x); }
    },
    LOG1P("log1p") {
        public double apply(double x) { return Math.log1p(x); }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.div(x.add(1)); }
    },
    EXPM1("expm1") {
        public double apply(double x) { return Math.expm1(x); }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(y.add(1)); }
    },
    SQRT("sqrt") {
        public double apply(double x) { return Math.sqrt(x); }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.div(y.mul(2)); }
    },
    RSQRT("rsqrt") {
        public double apply(double x) { return 1 / Math.sqrt(x); }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(y.pow(3)).mul(-0.5); }
    },
    SIN("sin") {
        public double apply(double x) { return Math.sin(x); }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(x.cos()); }
    },
    COS("cos") {
        public double apply(double x) { return Math.cos(x); }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(x.sin()).neg(); }
    },
    TANH("tanh") {
        public double apply(double x) { return Math.tanh(x); }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(y.square().rsub(1)); }
    },
    SIGMOID("sigmoid") {
        public double apply(double x) { return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)); }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(y.mul(y.rsub(1))); }
    },
    RELU("relu") {
        public double apply(double x) { return x > 0 || x != x ? x : 0; } // +0 for negatives (not 0 * x = -0), NaN kept
        Tensor backward(Tensor x, Tensor y, Tensor g) {
            // the mask is a constant (relu'' = 0): one SIMD pass instead of a bool compare and a cast
            if (x.dtype() == DType.FLOAT32 && g.dtype() == DType.FLOAT32 && x.isContiguous()) {
                if (!Autograd.needs(g) && g.isContiguous() && java.util.Arrays.equals(g.shapeRef(), x.shapeRef())) {
                    // no graph to build through g: the product in the same pass, without the mask tensor
                    // (two fewer passes and one fewer allocation over the CNN's largest activations)
                    Tensor out = Tensor.empty(DType.FLOAT32, x.shapeRef());
                    FloatKernels.mulPositiveMask(g.storage().floats(), g.offset(), x.storage().floats(), x.offset(),
                            out.storage().floats(), x.numel());
                    return out;
                }
                float[] mask = new float[x.numel()];
                FloatKernels.positiveMask(x.storage().floats(), x.offset(), mask, x.numel());
                return g.mul(Tensor.wrap(mask, x.shape()));
            }
            return g.mul(x.gt(0).to(g.dtype()));
        }
    },
    GELU("gelu") {
        public double apply(double x) { return 0.5 * x * (1 + MathFns.erf(x / Math.sqrt(2))); }
        Tensor backward(Tensor x, Tensor y, Tensor g) {
            Tensor cdf = x.mul(1 / Math.sqrt(2)).erf().add(1).mul(0.5);
            Tensor pdf = x.square().mul(-0.5).exp().mul(1 / Math.sqrt(2 * Math.PI));
            return g.mul(cdf.add(x.mul(pdf)));
        }
    },
    GELU_TANH("gelu_tanh") {
        public double apply(double x) { return 0.5 * x * (1 + Math.tanh(K0 * (x + K1 * x * x * x))); }
        Tensor backward(Tensor x, Tensor y, Tensor g) {
            Tensor t = x.pow(3).mul(K1).add(x).mul(K0).tanh();
            Tensor dInner = x.square().mul(3 * K1).add(1).mul(K0);
            return g.mul(t.add(1).mul(0.5).add(x.mul(0.5).mul(t.square().rsub(1)).mul(dInner)));
        }
    },
    SILU("silu") {
        public double apply(double x) { return x * SIGMOID.apply(x); }
        Tensor backward(Tensor x, Tensor y, Tensor g) {
            Tensor s = x.sigmoid();
            return g.mul(s.mul(x.mul(s.rsub(1)).add(1)));
        }
    },
    SOFTPLUS("softplus") {
        public double apply(double x) { return x > 20 ? x : Math.log1p(Math.exp(x)); }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(x.sigmoid()); }
    },
    SIGN("sign") {
        public double apply(double x) { return Math.signum(x); }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(0); }
    },
    FLOOR("floor") {
        public double apply(double x) { return Math.floor(x); }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(0); }
    },
    CEIL("ceil") {
        public double apply(double x) { return Math.ceil(x); }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(0); }
    },
    ROUND("round") {
        public double apply(double x) { return Math.rint(x); }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(0); }
    },
    RECIPROCAL("reciprocal") {
        public double apply(double x) { return 1 / x; }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(y.square()).neg(); }
    },
    SQUARE("square") {
        public double apply(double x) { return x * x; }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(x).mul(2); }
    },
    ERF("erf") {
        public double apply(double x) { return MathFns.erf(x); }
        Tensor backward(Tensor x, Tensor y, Tensor g) { return g.mul(x.square().neg().exp().mul(2 / Math.sqrt(Math.PI))); }
    };

    static final double K0 = Math.sqrt(2 / Math.PI), K1 = 0.044715;

    public final String label;

    UnaryOp(String label) { this.label = label; }

    /** The definition of the op on one value. */
    public abstract double apply(double x);

    /**
     * The definition on integers, for the ops that keep integer dtypes: exact on all longs, where
     * going through {@link #apply(double)} would round beyond 2^53.
     */
    public long applyLong(long v) {
        return switch (this) {
            case NEG -> -v;
            case ABS -> Math.abs(v);
            case SIGN -> Long.signum(v);
            case SQUARE -> v * v;
            case RELU -> Math.max(v, 0);
            default -> v;   // floor, ceil, round of an integer
        };
    }

    /** d(out)/d(x) applied to {@code g}, given the input {@code x} and output {@code y}. */
    abstract Tensor backward(Tensor x, Tensor y, Tensor g);

    /** Ops whose result is integral-valued keep integer dtypes; the rest compute in floating point. */
    boolean keepsIntegers() {
        return this == NEG || this == ABS || this == SIGN || this == FLOOR || this == CEIL || this == ROUND || this == SQUARE || this == RELU;
    }
}
