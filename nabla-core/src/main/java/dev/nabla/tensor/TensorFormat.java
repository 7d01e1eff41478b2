package dev.nabla.tensor;

import java.util.Locale;

/**
 * PyTorch-style printing: {@code tensor([[1.0000, 2.0000], ...], dtype=float64)}. Tensors with
 * more than 1000 elements show the first and last three entries of each dim around "...".
 */
final class TensorFormat {
    private TensorFormat() {}

    private static final int THRESHOLD = 1000, EDGE = 3;

    static String format(Tensor t) {
        boolean summarize = t.numel() > THRESHOLD;
        boolean floating = t.dtype().isFloating();
        boolean allInts = true;
        double maxAbs = 0;
        int n = t.numel();
        if (floating) {
            Tensor c = t.contiguous();
            for (int k = 0; k < n; k++) {
                double v = c.storage().getDouble(c.offset() + k);
                if (Double.isFinite(v)) {
                    if (v != Math.rint(v)) allInts = false;
                    maxAbs = Math.max(maxAbs, Math.abs(v));
                }
            }
        }
        boolean sci = floating && (maxAbs >= 1e8 || (maxAbs > 0 && maxAbs < 1e-4));
        StringBuilder sb = new StringBuilder("tensor(");
        int[] idx = new int[t.dim()];
        element(sb, t, 0, idx, summarize, floating, allInts, sci, "tensor(".length());
        if (t.dtype() != DType.FLOAT32 && t.dtype() != DType.INT64 && t.dtype() != DType.BOOL || n == 0 && t.dtype() != DType.FLOAT32)
            sb.append(", dtype=").append(t.dtype());
        if (summarize || t.dim() > 1 && n > 100) sb.append(", shape=").append(Shapes.str(t.shapeRef()));
        if (t.gradFn() != null) sb.append(", grad_fn=<").append(t.gradFn().op()).append(">");
        else if (t.requiresGrad()) sb.append(", requires_grad=true");
        return sb.append(')').toString();
    }

    private static void element(StringBuilder sb, Tensor t, int depth, int[] idx, boolean summ, boolean floating,
                                boolean allInts, boolean sci, int indent) {
        if (depth == t.dim()) {
            double v = t.storage().getDouble(t.elementOffset("toString", idx));
            sb.append(scalar(v, t.dtype(), floating, allInts, sci));
            return;
        }
        int size = t.shapeRef()[depth];
        sb.append('[');
        for (int k = 0; k < size; k++) {
            if (summ && size > 2 * EDGE && k == EDGE) {
                sb.append("...");
                k = size - EDGE - 1;
                sb.append(depth == t.dim() - 1 ? ", " : ",\n" + " ".repeat(indent + depth + 1));
                continue;
            }
            idx[depth] = k;
            element(sb, t, depth + 1, idx, summ, floating, allInts, sci, indent);
            if (k < size - 1) sb.append(depth == t.dim() - 1 ? ", " : "," + "\n".repeat(t.dim() - depth - 1) + " ".repeat(indent + depth + 1));
        }
        sb.append(']');
    }

    private static String scalar(double v, DType dt, boolean floating, boolean allInts, boolean sci) {
        if (dt == DType.BOOL) return v != 0 ? "True" : "False";
        if (!floating) return Long.toString((long) v);
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (sci) return String.format(Locale.ROOT, "%.4e", v);
        if (allInts) return String.format(Locale.ROOT, "%.0f.", v);
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
