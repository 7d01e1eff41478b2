package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.autograd.GradMode;
import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shapes;
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
        Backends.current().unary(op, in, out);
        if (Autograd.needs(in))
            Autograd.record(op.label, out, g -> new Tensor[]{op.backward(in, out, g)}, in).saveForBackward(in, out);
        return out;
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

    /** Computes {@code op(a, b)} into {@code out} (any strides), a and b broadcast to out's shape and of the compute dtype. */
    static void binaryInto(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        Backends.current().binary(op, a, b, out);
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
        Backends.current().copy(src, dst);
    }

    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        if (cond.dtype() != DType.BOOL)
            throw new IllegalArgumentException("where: condition must be bool, got " + cond.dtype());
        int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", cond.shapeRef(), a.shapeRef()), b.shapeRef());
        DType ct = DType.promote(a.dtype(), b.dtype());
        Tensor ac = a.to(ct), bc = b.to(ct);
        Tensor out = Tensor.empty(ct, shape);
        Backends.current().where(cond, ac, bc, out);
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
        // max then min: NaN stays NaN, and the bounds convert to x's dtype the way the result would
        Backend be = Backends.current();
        be.binary(BinaryOp.MAXIMUM, x, Tensor.scalar(lo, x.dtype()), out);
        be.binary(BinaryOp.MINIMUM, out, Tensor.scalar(hi, x.dtype()), out);
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
        int[] b = Shapes.broadcast("copy_", src.shapeRef(), dst.shapeRef());
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
        Backends.current().fill(t, v);
        t.storage().bumpVersion();
        if (t.gradFn() != null) t.setGradFn(null, 0);
        return t;
    }
}
