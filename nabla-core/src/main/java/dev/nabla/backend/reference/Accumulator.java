package dev.nabla.backend.reference;

import dev.nabla.ops.ReduceOp;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Storage;

/** The running value of one reduction in {@link ReferenceBackend}: double for floating inputs, long for integers. */
final class Accumulator {
    private final ReduceOp op;
    private final boolean floating;
    private double d;
    private long l;
    private boolean seen;
    private int arg;

    Accumulator(ReduceOp op, DType in) {
        this.op = op;
        this.floating = in.isFloating();
        d = op == ReduceOp.PROD || op == ReduceOp.ALL ? 1 : 0;
        l = (long) d;
    }

    /** Adds the element at position {@code at} along the reduced dim (used by the arg-reductions), given as double and as long. */
    void add(double v, long lv, int at) {
        switch (op) {
            case SUM -> { d += v; l += lv; }
            case PROD -> { d *= v; l *= lv; }
            case ALL -> { if (v == 0) d = 0; }
            case ANY -> { if (v != 0) d = 1; }
            case MAX, MIN, ARGMAX, ARGMIN -> {
                boolean max = op == ReduceOp.MAX || op == ReduceOp.ARGMAX;
                // NaN is the extreme: once held it stays (first one wins)
                boolean better = !seen || (d == d && (v != v || (floating ? (max ? v > d : v < d) : (max ? lv > l : lv < l))));
                if (better) { d = v; l = lv; arg = at; }
            }
        }
        seen = true;
    }

    void writeTo(Storage out, int at) {
        if (op.isArg()) out.setLong(at, arg);
        else if (op == ReduceOp.ALL || op == ReduceOp.ANY) out.setDouble(at, d);
        else if (floating) out.setDouble(at, d);
        else out.setLong(at, l);
    }
}
