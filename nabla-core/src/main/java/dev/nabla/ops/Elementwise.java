package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.autograd.GradMode;
import dev.nabla.backend.cpu.FloatKernels;
import dev.nabla.backend.cpu.Loops;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Storage;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/** Elementwise ops: unary, binary with broadcasting, casts, where, clamp, and the in-place writes. */
public final class Elementwise {
    private Elementwise() {}

    // ------------------------------------------------------------------ unary

    public static Tensor unary(UnaryOp op, Tensor x) {
        DType dt = x.dtype();
        if (dt == DType.BFLOAT16 || dt == DType.FLOAT16) return unary(op, x.to(DType.FLOAT32)).to(dt);
        DType ct = dt.isFloating() ? dt : op.keepsIntegers() ? (dt == DType.BOOL ? DType.INT64 : dt) : DType.FLOAT32;
        Tensor in = x.to(ct);
        Tensor out = Tensor.empty(ct, in.shapeRef());
        unaryKernel(op, in, out);
        if (Autograd.needs(in))
            Autograd.record(op.label, out, g -> new Tensor[]{op.backward(in, out, g)}, in).saveForBackward(in, out);
        return out;
    }

    static void unaryKernel(UnaryOp op, Tensor x, Tensor out) {
        Storage xs = x.storage(), os = out.storage();
        int[][] strides = {out.stridesRef(), x.stridesRef()};
        int[] offs = {out.offset(), x.offset()};
        if (x.dtype() == DType.FLOAT32) {
            float[] xf = xs.floats(), of = os.floats();
            if (x.isContiguous() && out.isContiguous() && x.numel() <= Loops.PARALLEL_GRAIN) {
                FloatKernels.unaryRow(op, xf, x.offset(), 1, of, out.offset(), x.numel());
                return;
            }
            Loops.forEachRow(out.shapeRef(), strides, offs, (o, st, n) -> {
                if (st[0] == 1) FloatKernels.unaryRow(op, xf, o[1], st[1], of, o[0], n);
                else for (int i = 0; i < n; i++) of[o[0] + i * st[0]] = (float) op.apply(xf[o[1] + i * st[1]]);
            });
        } else if (x.dtype().isFloating()) {
            Loops.forEachRow(out.shapeRef(), strides, offs, (o, st, n) -> {
                for (int i = 0; i < n; i++) os.setDouble(o[0] + i * st[0], op.apply(xs.getDouble(o[1] + i * st[1])));
            });
        } else {
            // integer-preserving ops are exact on longs through double up to 2^53; beyond that use long math
            Loops.forEachRow(out.shapeRef(), strides, offs, (o, st, n) -> {
                for (int i = 0; i < n; i++) {
                    long v = xs.getLong(o[1] + i * st[1]);
                    long r = switch (op) {
                        case NEG -> -v;
                        case ABS -> Math.abs(v);
                        case SIGN -> Long.signum(v);
                        case SQUARE -> v * v;
                        case RELU -> Math.max(v, 0);
                        default -> v;
                    };
                    os.setLong(o[0] + i * st[0], r);
                }
            });
        }
    }

    // ------------------------------------------------------------------ binary

    /** A 0-d tensor holding {@code v} in the dtype a Python scalar would take next to {@code t}. */
    public static Tensor scalarLike(double v, Tensor t) {
        DType dt = t.dtype();
        if (!dt.isFloating() && v != Math.rint(v)) dt = DType.FLOAT32;
        // a Python int next to a bool tensor makes int64 (True + 2 == 3, True + 1 == 2, True == 2 is false)
        else if (dt == DType.BOOL) dt = DType.INT64;
        return Tensor.scalar(v, dt);
    }

    public static Tensor binary(BinaryOp op, Tensor a, double v) { return binary(op, a, scalarLike(v, a)); }

    public static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast(op.label, a.shapeRef(), b.shapeRef());
        DType ct = op.computeType(a.dtype(), b.dtype());
        if (ct == DType.BFLOAT16 || ct == DType.FLOAT16) {
            Tensor r = binary(op, a.to(DType.FLOAT32), b.to(DType.FLOAT32));
            return op.kind == BinaryOp.Kind.ARITH ? r.to(ct) : r;
        }
        Tensor ac = a.to(ct), bc = b.to(ct);
        Tensor out = Tensor.empty(op.resultType(ct), shape);
        binaryInto(op, ac, bc, out);
        if (op.kind == BinaryOp.Kind.ARITH && Autograd.needs(ac, bc)) {
            int[] sa = ac.shapeRef(), sb = bc.shapeRef();
            Autograd.record(op.label, out, g -> {
                Tensor[] gs = op.backward(ac, bc, out, g);
                return new Tensor[]{
                        ac.requiresGrad() && gs[0] != null ? sumToShape(gs[0], sa) : null,
                        bc.requiresGrad() && gs[1] != null ? sumToShape(gs[1], sb) : null};
            }, ac, bc).saveForBackward(ac, bc);
        }
        return out;
    }

    /** {@code op(a, b)} without recording anything. */
    static Tensor binaryRaw(BinaryOp op, Tensor a, Tensor b) {
        try (var s = GradMode.noGrad()) {
            return binary(op, a, b);
        }
    }

    /** Computes {@code op(a, b)} into {@code out} (any strides), a and b broadcast to out's shape and of the compute dtype. */
    static void binaryInto(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] shape = out.shapeRef();
        Storage as = a.storage(), bs = b.storage(), os = out.storage();
        DType ct = a.dtype();
        if (ct == DType.FLOAT32 && op.kind == BinaryOp.Kind.ARITH) {
            float[] af = as.floats(), bf = bs.floats(), of = os.floats();
            int n = out.numel();
            if (n <= Loops.PARALLEL_GRAIN && out.isContiguous()) {
                // a contiguous operand with the output's element count has the output's linear layout
                // (its broadcast dims are all of size 1); a one-element operand is a stride-0 row
                int sa = rowStride(a, n), sb = rowStride(b, n);
                if (sa >= 0 && sb >= 0 && (sa == 1 || sb == 1 || n == 1)) {
                    FloatKernels.binaryRow(op, af, a.offset(), sa, bf, b.offset(), sb, of, out.offset(), n);
                    return;
                }
            }
            Loops.forEachRow(shape, strides3(a, b, out), new int[]{out.offset(), a.offset(), b.offset()}, (o, st, m) -> {
                if (st[0] == 1) FloatKernels.binaryRow(op, af, o[1], st[1], bf, o[2], st[2], of, o[0], m);
                else for (int i = 0; i < m; i++) of[o[0] + i * st[0]] = (float) op.apply(af[o[1] + i * st[1]], bf[o[2] + i * st[2]]);
            });
        } else if (ct.isFloating()) {
            Loops.forEachRow(shape, strides3(a, b, out), new int[]{out.offset(), a.offset(), b.offset()}, (o, st, m) -> {
                for (int i = 0; i < m; i++)
                    os.setDouble(o[0] + i * st[0], op.apply(as.getDouble(o[1] + i * st[1]), bs.getDouble(o[2] + i * st[2])));
            });
        } else {
            Loops.forEachRow(shape, strides3(a, b, out), new int[]{out.offset(), a.offset(), b.offset()}, (o, st, m) -> {
                for (int i = 0; i < m; i++)
                    os.setLong(o[0] + i * st[0], op.applyLong(as.getLong(o[1] + i * st[1]), bs.getLong(o[2] + i * st[2])));
            });
        }
    }

    /** 1 when {@code t} reads like a contiguous row of {@code n} elements, 0 when it is one element, else -1. */
    private static int rowStride(Tensor t, int n) {
        int tn = t.numel();
        if (tn == 1) return 0;
        if (tn != n) return -1;
        if (t.isContiguous()) return 1;
        for (int s : t.stridesRef()) if (s != 0) return -1;
        return 0;   // one element expanded to the whole shape
    }

    private static int[][] strides3(Tensor a, Tensor b, Tensor out) {
        int[] shape = out.shapeRef();
        return new int[][]{out.stridesRef(),
                Shapes.broadcastStrides(a.shapeRef(), a.stridesRef(), shape),
                Shapes.broadcastStrides(b.shapeRef(), b.stridesRef(), shape)};
    }

    /** Sums a gradient over the dims along which an input of {@code shape} was broadcast. */
    public static Tensor sumToShape(Tensor g, int[] shape) {
        int[] gs = g.shapeRef();
        if (Arrays.equals(gs, shape)) return g;
        // same element count: every broadcast dim had size 1 on both sides, so a reshape is enough
        if (g.numel() == Shapes.numel(shape)) return g.reshape(shape);
        int lead = gs.length - shape.length;
        int[] dims = new int[gs.length];
        int nd = 0;
        for (int k = 0; k < gs.length; k++)
            if (k < lead || (shape[k - lead] == 1 && gs[k] != 1)) dims[nd++] = k;
        Tensor s = nd == 0 ? g : Reduce.sum(g, Arrays.copyOf(dims, nd), true);
        return s.reshape(shape);
    }

    // ------------------------------------------------------------------ casts, where, clamp

    public static Tensor cast(Tensor x, DType dt) {
        Tensor out = Tensor.empty(dt, x.shapeRef());
        copyData(out, x);
        if (dt.isFloating() && Autograd.needs(x)) {
            DType src = x.dtype();
            Autograd.record(OpRegistry.castLabel(dt), out, g -> new Tensor[]{g.to(src)}, x);
        }
        return out;
    }

    /** Copies (and converts) {@code src}, broadcast to dst's shape, into {@code dst}; no autograd, no version bump. */
    static void copyData(Tensor dst, Tensor src) {
        int[] shape = dst.shapeRef();
        Storage ds = dst.storage(), ss = src.storage();
        int[][] strides = {dst.stridesRef(), Shapes.broadcastStrides(src.shapeRef(), src.stridesRef(), shape)};
        int[] offs = {dst.offset(), src.offset()};
        DType dd = dst.dtype(), sd = src.dtype();
        if (dd == DType.FLOAT32 && sd == DType.FLOAT32) {
            float[] df = ds.floats(), sf = ss.floats();
            Loops.forEachRow(shape, strides, offs, (o, st, n) -> {
                if (st[0] == 1 && st[1] == 1) System.arraycopy(sf, o[1], df, o[0], n);
                else if (st[1] == 0) Arrays.fill(df, o[0], o[0] + n, sf[o[1]]);
                else for (int i = 0; i < n; i++) df[o[0] + i * st[0]] = sf[o[1] + i * st[1]];
            });
        } else if (dd.isFloating() || sd.isFloating()) {
            Loops.forEachRow(shape, strides, offs, (o, st, n) -> {
                for (int i = 0; i < n; i++) ds.setDouble(o[0] + i * st[0], ss.getDouble(o[1] + i * st[1]));
            });
        } else {
            Loops.forEachRow(shape, strides, offs, (o, st, n) -> {
                for (int i = 0; i < n; i++) ds.setLong(o[0] + i * st[0], dd == DType.BOOL ? (ss.getLong(o[1] + i * st[1]) != 0 ? 1 : 0) : ss.getLong(o[1] + i * st[1]));
            });
        }
    }

    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        if (cond.dtype() != DType.BOOL)
            throw new IllegalArgumentException("where: condition must be bool, got " + cond.dtype());
        int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", cond.shapeRef(), a.shapeRef()), b.shapeRef());
        DType ct = DType.promote(a.dtype(), b.dtype());
        Tensor ac = a.to(ct), bc = b.to(ct);
        Tensor out = Tensor.empty(ct, shape);
        Storage cs = cond.storage(), as = ac.storage(), bs = bc.storage(), os = out.storage();
        int[][] strides = {out.stridesRef(), Shapes.broadcastStrides(cond.shapeRef(), cond.stridesRef(), shape),
                Shapes.broadcastStrides(ac.shapeRef(), ac.stridesRef(), shape), Shapes.broadcastStrides(bc.shapeRef(), bc.stridesRef(), shape)};
        byte[] cb = cs.bools();
        Loops.forEachRow(shape, strides, new int[]{0, cond.offset(), ac.offset(), bc.offset()}, (o, st, n) -> {
            if (ct == DType.FLOAT32) {
                float[] af = as.floats(), bf = bs.floats(), of = os.floats();
                for (int i = 0; i < n; i++) of[o[0] + i] = cb[o[1] + i * st[1]] != 0 ? af[o[2] + i * st[2]] : bf[o[3] + i * st[3]];
            } else {
                for (int i = 0; i < n; i++)
                    os.setDouble(o[0] + i, cb[o[1] + i * st[1]] != 0 ? as.getDouble(o[2] + i * st[2]) : bs.getDouble(o[3] + i * st[3]));
            }
        });
        if (Autograd.needs(ac, bc)) {
            int[] sa = ac.shapeRef(), sb = bc.shapeRef();
            Autograd.record("where", out, g -> {
                Tensor zero = Tensor.zeros(g.dtype());
                return new Tensor[]{
                        ac.requiresGrad() ? sumToShape(where(cond, g, zero), sa) : null,
                        bc.requiresGrad() ? sumToShape(where(cond, zero, g), sb) : null};
            }, ac, bc);
        }
        return out;
    }

    public static Tensor clamp(Tensor x, double lo, double hi) {
        if (lo > hi) throw new IllegalArgumentException("clamp: min " + lo + " is greater than max " + hi);
        Tensor out = Tensor.empty(x.dtype(), x.shapeRef());
        Storage xs = x.storage(), os = out.storage();
        Loops.forEachRow(out.shapeRef(), new int[][]{out.stridesRef(), x.stridesRef()}, new int[]{0, x.offset()}, (o, st, n) -> {
            for (int i = 0; i < n; i++) {
                double v = xs.getDouble(o[1] + i * st[1]);
                os.setDouble(o[0] + i, Double.isNaN(v) ? v : Math.min(Math.max(v, lo), hi));
            }
        });
        if (Autograd.needs(x))
            Autograd.record("clamp", out, g -> new Tensor[]{g.mul(x.ge(lo).logicalAnd(x.le(hi)).to(g.dtype()))}, x).saveForBackward(x);
        return out;
    }

    public static Tensor leakyRelu(Tensor x, double slope) { return where(x.gt(0), x, x.mul(slope)); }

    public static Tensor elu(Tensor x, double alpha) { return where(x.gt(0), x, x.expm1().mul(alpha)); }

    public static boolean allClose(Tensor a, Tensor b, double rtol, double atol) {
        if (!Arrays.equals(a.shapeRef(), b.shapeRef())) return false;
        Tensor ac = a.contiguous(), bc = b.contiguous();
        for (int k = 0, n = a.numel(); k < n; k++) {
            double x = ac.storage().getDouble(ac.offset() + k), y = bc.storage().getDouble(bc.offset() + k);
            if (Double.isNaN(x) != Double.isNaN(y)) return false;
            if (!Double.isNaN(x) && !(Math.abs(x - y) <= atol + rtol * Math.abs(y)) && x != y) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ in place

    /** {@code self = op(self, other)} in place; under autograd the op is recorded on self's new history. */
    public static Tensor inPlace(BinaryOp op, Tensor self, Tensor other) {
        int[] shape = Shapes.broadcast(op.label + "_", self.shapeRef(), other.shapeRef());
        if (!Arrays.equals(shape, self.shapeRef()))
            throw new IllegalArgumentException(op.label + "_: in-place result of shape " + Shapes.str(shape)
                    + " does not fit the target of shape " + Shapes.str(self.shapeRef()));
        DType ct = op.computeType(self.dtype(), other.dtype());
        if (ct != self.dtype() && DType.promote(ct, self.dtype()) != self.dtype())
            throw new IllegalArgumentException(op.label + "_: result type " + ct + " cannot be stored in a tensor of dtype " + self.dtype());
        if (GradMode.isEnabled() && (self.requiresGrad() || other.requiresGrad())) {
            checkInPlaceGrad(op.label + "_", self);
            Tensor r = binary(op, self.clone(), other);
            return rebase(self, r.to(self.dtype()));
        }
        if (other.storage() == self.storage()) other = other.clone();
        if (ct == self.dtype() && other.dtype() == ct) binaryInto(op, self, other, self);
        else copyData(self, binary(op, self, other));
        self.storage().bumpVersion();
        return self;
    }

    private static void checkInPlaceGrad(String op, Tensor self) {
        if (self.isLeaf() && self.requiresGrad())
            throw new IllegalStateException(op + ": a leaf tensor of shape " + Shapes.str(self.shapeRef())
                    + " that requires grad cannot be modified in place; do it under GradMode.noGrad() or on a clone");
        if (self.base() != null)
            throw new IllegalStateException(op + ": in-place modification of a view (shape " + Shapes.str(self.shapeRef())
                    + ") while recording gradients is not supported; use the out-of-place op");
    }

    /** Writes r's values into self and makes r's history self's. */
    private static Tensor rebase(Tensor self, Tensor r) {
        copyData(self, r);
        self.storage().bumpVersion();
        if (r.gradFn() != null) self.setGradFn(r.gradFn(), r.outputIndex());
        return self;
    }

    public static Tensor copyInto(Tensor dst, Tensor src) {
        Shapes.broadcast("copy_", src.shapeRef(), dst.shapeRef());
        int[] b = Shapes.broadcast("copy_", dst.shapeRef(), src.shapeRef());
        if (!Arrays.equals(b, dst.shapeRef()))
            throw new IllegalArgumentException("copy_: source of shape " + Shapes.str(src.shapeRef()) + " cannot be broadcast to the target's shape " + Shapes.str(dst.shapeRef()));
        if (GradMode.isEnabled() && (dst.requiresGrad() || src.requiresGrad())) {
            checkInPlaceGrad("copy_", dst);
            Tensor r = src.to(dst.dtype()).expand(dst.shapeRef()).contiguous();
            if (r == src) r = src.clone();
            return rebase(dst, r);
        }
        if (src.storage() == dst.storage()) src = src.clone();
        copyData(dst, src);
        dst.storage().bumpVersion();
        return dst;
    }

    public static Tensor fill(Tensor t, double v) {
        if (GradMode.isEnabled() && t.requiresGrad()) checkInPlaceGrad("fill_", t);
        Storage s = t.storage();
        if (t.isContiguous() && t.dtype() == DType.FLOAT32) {
            Arrays.fill(s.floats(), t.offset(), t.offset() + t.numel(), (float) v);
        } else {
            Loops.forEachRow(t.shapeRef(), new int[][]{t.stridesRef()}, new int[]{t.offset()}, (o, st, n) -> {
                for (int i = 0; i < n; i++) s.setDouble(o[0] + i * st[0], v);
            });
        }
        s.bumpVersion();
        if (t.gradFn() != null) t.setGradFn(null, 0);
        return t;
    }
}
