package dev.nabla.autograd;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/**
 * Checks analytic gradients against central finite differences in float64, like
 * {@code torch.autograd.gradcheck}.
 *
 * <p>Every floating input that requires grad is copied to float64; the full Jacobian of the output
 * with respect to it is built twice, once by backward passes (one per output element) and once by
 * {@code (f(x + eps) - f(x - eps)) / 2eps} (one pair of forwards per input element), and each entry
 * must satisfy {@code |analytic - numeric| <= atol + rtol * |numeric|}. A failure names the worst
 * entry: input, element index, output element, both values.
 *
 * <pre>{@code
 * GradCheck.gradcheck(xs -> xs[0].tanh().mul(xs[1]).sum(), x, y);   // throws GradCheck.Failure if wrong
 * GradCheck.gradgradcheck(xs -> xs[0].matmul(xs[1]), a, b);       // second order
 * }</pre>
 * Inputs are not modified. Keep them small: the cost is (outputs + 2 * inputs) evaluations.
 */
public final class GradCheck {
    private GradCheck() {}

    public static final double EPS = 1e-6, ATOL = 1e-5, RTOL = 1e-3;

    /** The function under test: from the (float64) inputs to one output tensor of any shape. */
    @FunctionalInterface
    public interface Fn {
        Tensor apply(Tensor... inputs);
    }

    /** Thrown when analytic and numeric gradients disagree; an AssertionError so tests report it as a failure. */
    public static final class Failure extends AssertionError {
        Failure(String message) { super(message); }
    }

    /** {@link #gradcheck(Fn, double, double, double, Tensor...)} with eps 1e-6, atol 1e-5, rtol 1e-3. */
    public static boolean gradcheck(Fn fn, Tensor... inputs) { return gradcheck(fn, EPS, ATOL, RTOL, inputs); }

    /**
     * Compares the Jacobian of {@code fn} from backward with central differences.
     *
     * @param fn     the function (must be deterministic); called on float64 copies of the inputs
     * @param inputs its arguments; those that require grad are checked. Not modified.
     * @return true (a mismatch throws {@link Failure})
     */
    public static boolean gradcheck(Fn fn, double eps, double atol, double rtol, Tensor... inputs) {
        Tensor[] xs = toFloat64(inputs);
        int[] checked = checkedInputs(xs);
        if (checked.length == 0) throw new IllegalArgumentException("gradcheck: no input requires grad; nothing to check");
        Tensor out = fn.apply(xs);
        if (!out.dtype().isFloating())
            throw new IllegalArgumentException("gradcheck: the function returned a " + out.dtype() + " tensor; it must be floating point");
        int m = out.numel();
        double[][][] analytic = analyticJacobian(out, xs, checked);
        Worst worst = new Worst();
        for (int c = 0; c < checked.length; c++) {
            Tensor x = xs[checked[c]];
            double[] data = x.storage().doubles();
            for (int e = 0; e < x.numel(); e++) {
                double saved = data[e];
                data[e] = saved + eps;
                double[] plus = evaluate(fn, xs, m);
                data[e] = saved - eps;
                double[] minus = evaluate(fn, xs, m);
                data[e] = saved;
                for (int j = 0; j < m; j++) {
                    double num = (plus[j] - minus[j]) / (2 * eps), an = analytic[c][e][j];
                    worst.offer(an, num, atol, rtol, checked[c], x.shapeRef(), e, out.shapeRef(), j);
                }
            }
        }
        if (worst.ratio > 1) throw new Failure("gradcheck: " + worst.describe() + " (eps " + eps + ", atol " + atol + ", rtol " + rtol + ")");
        return true;
    }

    /** {@link #gradgradcheck(Fn, double, double, double, Tensor...)} with the default tolerances. */
    public static boolean gradgradcheck(Fn fn, Tensor... inputs) { return gradgradcheck(fn, EPS, ATOL, RTOL, inputs); }

    /**
     * Second order: runs {@link #gradcheck} on {@code (inputs, v) -> grad(fn(inputs), inputs, v, createGraph)}
     * for a fixed random output gradient {@code v}, so both the gradient's dependence on the inputs
     * (Hessian-vector products) and on {@code v} are checked.
     */
    public static boolean gradgradcheck(Fn fn, double eps, double atol, double rtol, Tensor... inputs) {
        Tensor[] xs = toFloat64(inputs);
        int[] checked = checkedInputs(xs);
        Tensor out = fn.apply(xs);
        Tensor v = new Generator(12345).normal(0, 1, out.shapeRef()).to(DType.FLOAT64).requiresGrad(true);
        Tensor[] all = Arrays.copyOf(xs, xs.length + 1);
        all[xs.length] = v;
        Fn firstOrder = args -> {
            Tensor[] in = Arrays.copyOf(args, args.length - 1);
            Tensor[] wrt = new Tensor[checked.length];
            for (int c = 0; c < checked.length; c++) wrt[c] = in[checked[c]];
            Tensor y = fn.apply(in);
            Tensor[] gs = Autograd.grad(new Tensor[]{y}, wrt, new Tensor[]{args[args.length - 1]}, true, true, true);
            Tensor[] flat = new Tensor[gs.length];
            for (int c = 0; c < gs.length; c++)
                flat[c] = gs[c] == null ? Tensor.zeros(DType.FLOAT64, wrt[c].numel()) : gs[c].reshape(-1);
            return Tensor.cat(0, flat);
        };
        try {
            return gradcheck(firstOrder, eps, atol, rtol, all);
        } catch (Failure f) {
            throw new Failure("gradgradcheck (input " + xs.length + " is the output gradient v): " + f.getMessage());
        }
    }

    // ------------------------------------------------------------------ internals

    private static Tensor[] toFloat64(Tensor[] inputs) {
        Tensor[] xs = new Tensor[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            Tensor t = inputs[k];
            if (t != null && t.requiresGrad() && t.dtype().isFloating()) {
                Tensor c = t.detach().to(DType.FLOAT64);
                xs[k] = (c.storage() == t.storage() || !c.isContiguous() ? c.contiguousCopy() : c).requiresGrad(true);
            } else {
                xs[k] = t;
            }
        }
        return xs;
    }

    private static int[] checkedInputs(Tensor[] xs) {
        int[] idx = new int[xs.length];
        int n = 0;
        for (int k = 0; k < xs.length; k++) if (xs[k] != null && xs[k].requiresGrad()) idx[n++] = k;
        return Arrays.copyOf(idx, n);
    }

    /** analytic[c][e][j] = d out_j / d (input checked[c])_e, one backward pass per output element. */
    private static double[][][] analyticJacobian(Tensor out, Tensor[] xs, int[] checked) {
        int m = out.numel();
        double[][][] jac = new double[checked.length][][];
        Tensor[] wrt = new Tensor[checked.length];
        for (int c = 0; c < checked.length; c++) {
            wrt[c] = xs[checked[c]];
            jac[c] = new double[wrt[c].numel()][m];
        }
        if (!out.requiresGrad()) return jac;   // the output does not depend on any input: all zeros
        for (int j = 0; j < m; j++) {
            Tensor oneHot = Tensor.zeros(out.dtype(), out.shapeRef());
            oneHot.storage().setDouble(j, 1);
            Tensor[] gs = Autograd.grad(new Tensor[]{out}, wrt, new Tensor[]{oneHot}, true, false, true);
            for (int c = 0; c < checked.length; c++) {
                if (gs[c] == null) continue;
                if (!Shapes.equal(gs[c].shapeRef(), wrt[c].shapeRef()))
                    throw new Failure("gradcheck: gradient of input " + checked[c] + " has shape " + Shapes.str(gs[c].shapeRef())
                            + " but the input has shape " + Shapes.str(wrt[c].shapeRef()));
                double[] g = gs[c].toDoubleArray();
                for (int e = 0; e < g.length; e++) jac[c][e][j] = g[e];
            }
        }
        return jac;
    }

    private static double[] evaluate(Fn fn, Tensor[] xs, int m) {
        Tensor y = fn.apply(xs);
        if (y.numel() != m)
            throw new IllegalStateException("gradcheck: the function returned " + y.numel() + " elements after perturbing an input, "
                    + m + " before; it must keep its output shape");
        return y.toDoubleArray();
    }

    /** The entry that exceeds its tolerance the most. */
    private static final class Worst {
        double ratio = -1, analytic, numeric;
        int input, element, output;
        int[] inShape, outShape;

        void offer(double an, double num, double atol, double rtol, int in, int[] inShape, int e, int[] outShape, int j) {
            double diff = Math.abs(an - num);
            double r = Double.isNaN(diff) ? (Double.isNaN(an) && Double.isNaN(num) ? 0 : Double.POSITIVE_INFINITY)
                    : diff / (atol + rtol * Math.abs(num));
            if (r > ratio) {
                ratio = r; analytic = an; numeric = num; input = in; element = e; output = j;
                this.inShape = inShape; this.outShape = outShape;
            }
        }

        String describe() {
            return "d output" + index(outShape, output) + " / d input " + input + index(inShape, element)
                    + ": analytic " + analytic + " vs numeric " + numeric + " (difference " + Math.abs(analytic - numeric) + ")";
        }

        private static String index(int[] shape, int flat) {
            int[] idx = new int[shape.length];
            for (int d = shape.length - 1; d >= 0; d--) { idx[d] = flat % shape[d]; flat /= shape[d]; }
            return Arrays.toString(idx);
        }
    }
}
