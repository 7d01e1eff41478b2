package dev.nabla.ops;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

/**
 * The elementwise binary primitives: arithmetic (differentiable), comparisons and logical ops (bool
 * results). Each constant holds its definition and, beside it, its chain rule; gradients of
 * broadcast inputs are summed back to the input's shape by the caller.
 */
public enum BinaryOp {
    ADD("add", Kind.ARITH) {
        public double apply(double a, double b) { return a + b; }
        public long applyLong(long a, long b) { return a + b; }
        Tensor[] backward(Tensor a, Tensor b, Tensor out, Tensor g) { return new Tensor[]{g, g}; }
    },
    SUB("sub", Kind.ARITH) {
        public double apply(double a, double b) { return a - b; }
        public long applyLong(long a, long b) { return a - b; }
        Tensor[] backward(Tensor a, Tensor b, Tensor out, Tensor g) { return new Tensor[]{g, b.requiresGrad() ? g.neg() : null}; }
    },
    MUL("mul", Kind.ARITH) {
        public double apply(double a, double b) { return a * b; }
        public long applyLong(long a, long b) { return a * b; }
        Tensor[] backward(Tensor a, Tensor b, Tensor out, Tensor g) {
            return new Tensor[]{a.requiresGrad() ? g.mul(b) : null, b.requiresGrad() ? g.mul(a) : null};
        }
    },
    DIV("div", Kind.ARITH) {
        public double apply(double a, double b) { return a / b; }
        public long applyLong(long a, long b) { throw new AssertionError("integer division computes in floating point"); }
        Tensor[] backward(Tensor a, Tensor b, Tensor out, Tensor g) {
            Tensor gb = b.requiresGrad() ? g.mul(a).div(b.square()).neg() : null;
            return new Tensor[]{a.requiresGrad() ? g.div(b) : null, gb};
        }
    },
    POW("pow", Kind.ARITH) {
        public double apply(double a, double b) { return Math.pow(a, b); }
        public long applyLong(long a, long b) {
            if (b < 0) throw new IllegalArgumentException("pow: integers to negative integer powers are not allowed (exponent " + b + ")");
            long r = 1;
            for (long k = 0; k < b; k++) r *= a;
            return r;
        }
        Tensor[] backward(Tensor a, Tensor b, Tensor out, Tensor g) {
            Tensor ga = a.requiresGrad() ? g.mul(b).mul(a.pow(b.sub(1))) : null;
            // d/db a^b = a^b ln a; define it as 0 where a == 0 and b >= 0, as PyTorch does
            Tensor gb = b.requiresGrad() ? g.mul(Tensor.where(a.eq(0).logicalAnd(b.ge(0)), Tensor.zerosLike(out), out.mul(a.log()))) : null;
            return new Tensor[]{ga, gb};
        }
    },
    MAXIMUM("maximum", Kind.ARITH) {
        public double apply(double a, double b) { return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b); }
        public long applyLong(long a, long b) { return Math.max(a, b); }
        Tensor[] backward(Tensor a, Tensor b, Tensor out, Tensor g) { return splitTies(a, b, g); }
    },
    MINIMUM("minimum", Kind.ARITH) {
        public double apply(double a, double b) { return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b); }
        public long applyLong(long a, long b) { return Math.min(a, b); }
        Tensor[] backward(Tensor a, Tensor b, Tensor out, Tensor g) { return splitTies(b, a, g); }
    },
    EQ("eq", Kind.COMPARE) { public double apply(double a, double b) { return a == b ? 1 : 0; } public long applyLong(long a, long b) { return a == b ? 1 : 0; } },
    NE("ne", Kind.COMPARE) { public double apply(double a, double b) { return a != b ? 1 : 0; } public long applyLong(long a, long b) { return a != b ? 1 : 0; } },
    LT("lt", Kind.COMPARE) { public double apply(double a, double b) { return a < b ? 1 : 0; } public long applyLong(long a, long b) { return a < b ? 1 : 0; } },
    LE("le", Kind.COMPARE) { public double apply(double a, double b) { return a <= b ? 1 : 0; } public long applyLong(long a, long b) { return a <= b ? 1 : 0; } },
    GT("gt", Kind.COMPARE) { public double apply(double a, double b) { return a > b ? 1 : 0; } public long applyLong(long a, long b) { return a > b ? 1 : 0; } },
    GE("ge", Kind.COMPARE) { public double apply(double a, double b) { return a >= b ? 1 : 0; } public long applyLong(long a, long b) { return a >= b ? 1 : 0; } },
    AND("logical_and", Kind.LOGICAL) { public double apply(double a, double b) { return a != 0 && b != 0 ? 1 : 0; } public long applyLong(long a, long b) { return a != 0 && b != 0 ? 1 : 0; } },
    OR("logical_or", Kind.LOGICAL) { public double apply(double a, double b) { return a != 0 || b != 0 ? 1 : 0; } public long applyLong(long a, long b) { return a != 0 || b != 0 ? 1 : 0; } },
    XOR("logical_xor", Kind.LOGICAL) { public double apply(double a, double b) { return (a != 0) != (b != 0) ? 1 : 0; } public long applyLong(long a, long b) { return (a != 0) != (b != 0) ? 1 : 0; } };

    public enum Kind { ARITH, COMPARE, LOGICAL }

    public final String label;
    public final Kind kind;

    BinaryOp(String label, Kind kind) { this.label = label; this.kind = kind; }

    /** The definition of the op on two values (comparisons return 1 or 0). */
    public abstract double apply(double a, double b);

    /** The definition on integers (for int32/int64/bool inputs). */
    public abstract long applyLong(long a, long b);

    /** Gradients w.r.t. a and b (before summing over broadcast dims; null for an operand that needs none); only ARITH ops have one. */
    Tensor[] backward(Tensor a, Tensor b, Tensor out, Tensor g) {
        throw new UnsupportedOperationException(label + " is not differentiable");
    }

    /** The dtype the op computes in. */
    public DType computeType(DType a, DType b) {
        DType p = DType.promote(a, b);
        if (this == DIV && !p.isFloating()) return DType.FLOAT32;
        if (kind == Kind.ARITH && p == DType.BOOL) {
            // PyTorch: bool + bool is logical or, bool * bool logical and (both stay bool); bool - bool is an error
            if (this == SUB) throw new IllegalArgumentException("sub: subtracting two bool tensors is not supported; use logicalXor or convert to an integer dtype");
            if (this == POW) return DType.INT64;
        }
        return p;
    }

    public DType resultType(DType compute) { return kind == Kind.ARITH ? compute : DType.BOOL; }

    /** Gradient goes to the winner; ties split it evenly, as PyTorch does. */
    private static Tensor[] splitTies(Tensor winnerWhenGreater, Tensor other, Tensor g) {
        Tensor gt = winnerWhenGreater.gt(other).to(g.dtype());
        Tensor eq = winnerWhenGreater.eq(other).to(g.dtype()).mul(0.5);
        Tensor wa = gt.add(eq);
        return new Tensor[]{g.mul(wa), g.mul(wa.rsub(1))};
    }
}
