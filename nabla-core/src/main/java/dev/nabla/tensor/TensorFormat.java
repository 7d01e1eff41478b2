package dev.nabla.tensor;

import dev.nabla.ops.Movement;

import java.util.Locale;

/**
 * PyTorch-style printing: {@code tensor([[1.0000, 2.0000], ...], dtype=float64)}. Tensors with
 * more than 1000 elements show the first and last three entries of each dim around "...".
 */
final class TensorFormat {
    private TensorFormat() {}

    private static final int THRESHOLD = 1000, EDGE = 3;

    /** How elements print: chosen once per tensor from all its values, like PyTorch's formatter. */
    private static final class Style {
        boolean summarize, floating, allInts = true, sci, measuring = true;
        int indent, width;
    }

    static String format(Tensor t) {
        Style st = new Style();
        st.summarize = t.numel() > THRESHOLD;
        st.floating = t.dtype().isFloating();
        st.indent = "tensor(".length();
        int n = t.numel();
        if (st.floating) {
            double maxAbs = 0, minAbs = Double.POSITIVE_INFINITY;
            Tensor c = Movement.copyOf(t);
            for (int k = 0; k < n; k++) {
                double v = c.storage().getDouble(k);
                if (Double.isFinite(v)) {
                    if (v != Math.rint(v)) st.allInts = false;
                    if (v != 0) { maxAbs = Math.max(maxAbs, Math.abs(v)); minAbs = Math.min(minAbs, Math.abs(v)); }
                }
            }
            // PyTorch: integral values print as "3." unless huge; others switch to scientific when
            // the magnitudes span more than 1000x or leave [1e-4, 1e8]
            st.sci = st.allInts ? maxAbs > 1e8 : maxAbs > 0 && (maxAbs / minAbs > 1000 || maxAbs > 1e8 || minAbs < 1e-4);
        }
        int[] idx = new int[t.dim()];
        element(new StringBuilder(), t, 0, idx, st);   // first pass: the widest element
        st.measuring = false;
        StringBuilder sb = new StringBuilder("tensor(");
        element(sb, t, 0, idx, st);
        if (t.dtype() != DType.FLOAT32 && t.dtype() != DType.INT64 && t.dtype() != DType.BOOL || n == 0 && t.dtype() != DType.FLOAT32)
            sb.append(", dtype=").append(t.dtype());
        if (st.summarize || t.dim() > 1 && (n > 100 || n == 0)) sb.append(", shape=").append(Shapes.str(t.shapeRef()));
        if (t.gradFn() != null) sb.append(", grad_fn=<").append(t.gradFn().op()).append(">");
        else if (t.requiresGrad()) sb.append(", requires_grad=true");
        return sb.append(')').toString();
    }

    private static void element(StringBuilder sb, Tensor t, int depth, int[] idx, Style st) {
        if (depth == t.dim()) {
            double v = t.storage().getDouble(t.elementOffset("toString", idx));
            String s = scalar(v, t.dtype(), st.floating, st.allInts, st.sci);
            if (st.measuring) st.width = Math.max(st.width, s.length());
            else sb.append(" ".repeat(st.width - s.length())).append(s);   // right-aligned, like PyTorch
            return;
        }
        int size = t.shapeRef()[depth];
        boolean last = depth == t.dim() - 1;
        String sep = last ? ", " : "," + "\n".repeat(t.dim() - depth - 1) + " ".repeat(st.indent + depth + 1);
        sb.append('[');
        for (int k = 0; k < size; k++) {
            if (st.summarize && size > 2 * EDGE && k == EDGE) {
                sb.append(last ? " ..." : "...").append(sep);
                k = size - EDGE - 1;
                continue;
            }
            idx[depth] = k;
            element(sb, t, depth + 1, idx, st);
            if (k < size - 1) sb.append(sep);
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
