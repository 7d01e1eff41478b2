package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.autograd.GradMode;
import dev.nabla.backend.Backends;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/**
 * One-pass elementwise forms: the fused multiply-add {@code x * y + z} (behind {@code add(o, alpha)},
 * {@code addcmul} and {@code a·x + b}) and the PyTorch-style {@code out=} variants of the binary ops,
 * which write into a caller-supplied tensor instead of allocating. Fusing matters because these ops
 * are memory-bound: each extra pass over 16M floats costs another 128 MB of traffic.
 */
public final class FusedElementwise {
    private FusedElementwise() {}

    /**
     * {@code x * y + z}, broadcast, computed in one pass with a single rounding (recorded as "fma").
     * Integer inputs fall back to {@code x.mul(y).add(z)}. Not modified: x, y, z.
     */
    public static Tensor fma(Tensor x, Tensor y, Tensor z) {
        int[] shape = Shapes.broadcast("fma", Shapes.broadcast("fma", x.shapeRef(), y.shapeRef()), z.shapeRef());
        DType ct = DType.promote(DType.promote(x.dtype(), y.dtype()), z.dtype());
        if (!ct.isFloating()) return x.mul(y).add(z);
        if (ct == DType.BFLOAT16 || ct == DType.FLOAT16)
            return fma(x.to(DType.FLOAT32), y.to(DType.FLOAT32), z.to(DType.FLOAT32)).to(ct);
        Tensor xc = x.to(ct), yc = y.to(ct), zc = z.to(ct);
        Tensor out = Tensor.empty(ct, shape);
        Backends.current().fma(xc, yc, zc, out);
        if (Autograd.needs(xc, yc, zc)) {
            int[] sx = xc.shapeRef(), sy = yc.shapeRef(), sz = zc.shapeRef();
            // d(xy + z) = y dx + x dy + dz, each summed back over the dims it was broadcast along
            Autograd.record("fma", out, g -> new Tensor[]{
                    xc.requiresGrad() ? Elementwise.sumToShape(g.mul(yc), sx) : null,
                    yc.requiresGrad() ? Elementwise.sumToShape(g.mul(xc), sy) : null,
                    zc.requiresGrad() ? Elementwise.sumToShape(g, sz) : null}, xc, yc, zc).saveForBackward(xc, yc);
        }
        return out;
    }

    /**
     * {@code out = x * y + z} in one pass, no autograd. out must have the broadcast shape and the
     * promoted floating dtype. Modified: out. Not modified: x, y, z (unless one of them is out).
     */
    public static Tensor fmaOut(Tensor x, Tensor y, Tensor z, Tensor out) {
        int[] shape = Shapes.broadcast("fma", Shapes.broadcast("fma", x.shapeRef(), y.shapeRef()), z.shapeRef());
        DType ct = DType.promote(DType.promote(x.dtype(), y.dtype()), z.dtype());
        checkOut("fma", shape, ct, out, x, y, z);
        if (ct == DType.FLOAT32 || ct == DType.FLOAT64) {
            Backends.current().fma(unalias(x.to(ct), out), unalias(y.to(ct), out), unalias(z.to(ct), out), out);
        } else {
            try (var s = GradMode.noGrad()) { Elementwise.copyData(out, fma(x, y, z)); }
        }
        out.storage().bumpVersion();
        return out;
    }

    /**
     * {@code out = op(a, b)} in one pass, no autograd: PyTorch's {@code torch.add(a, b, out=out)}.
     * out must have the broadcast shape and the op's result dtype. Modified: out. Not modified: a, b
     * (unless one of them is out).
     */
    public static Tensor binaryOut(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] shape = Shapes.broadcast(op.label, a.shapeRef(), b.shapeRef());
        DType ct = op.computeType(a.dtype(), b.dtype());
        DType rt = op.resultType(ct);
        checkOut(op.label, shape, rt, out, a, b);
        if (ct == DType.BFLOAT16 || ct == DType.FLOAT16) {
            try (var s = GradMode.noGrad()) { Elementwise.copyData(out, Elementwise.binary(op, a, b)); }
        } else {
            Elementwise.binaryInto(op, unalias(a.to(ct), out), unalias(b.to(ct), out), out);
        }
        out.storage().bumpVersion();
        return out;
    }

    private static void checkOut(String op, int[] shape, DType dt, Tensor out, Tensor... ins) {
        if (!Arrays.equals(shape, out.shapeRef()) || dt != out.dtype()) {
            StringBuilder in = new StringBuilder();
            for (Tensor t : ins) in.append(in.isEmpty() ? "" : ", ").append(t.dtype().label()).append(Shapes.str(t.shapeRef()));
            throw new IllegalArgumentException(op + ": out tensor " + out.dtype().label() + Shapes.str(out.shapeRef())
                    + " must be " + dt.label() + Shapes.str(shape) + ", the result of inputs " + in);
        }
        if (!GradMode.isEnabled()) return;
        for (Tensor t : ins)
            if (t.requiresGrad() || out.requiresGrad())
                throw new IllegalStateException(op + ": the out= form is not differentiable, but "
                        + (out.requiresGrad() ? "out" : "an input") + " of shape " + Shapes.str((out.requiresGrad() ? out : t).shapeRef())
                        + " requires grad; use the form without out, or run under GradMode.noGrad()");
    }

    /**
     * The kernels may read and write the same element (out == input); an input that overlaps out
     * any other way (a shifted or broadcast view of out's storage) would read values already
     * overwritten, so it is copied first.
     */
    private static Tensor unalias(Tensor t, Tensor out) {
        if (t.storage() != out.storage()) return t;
        boolean same = t.offset() == out.offset() && Arrays.equals(t.shapeRef(), out.shapeRef())
                && Arrays.equals(t.stridesRef(), out.stridesRef());
        return same ? t : t.clone();
    }
}
