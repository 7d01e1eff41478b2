package dev.nabla.backend;

import dev.nabla.ops.BinaryOp;
import dev.nabla.ops.ReduceOp;
import dev.nabla.ops.UnaryOp;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Storage;
import dev.nabla.tensor.Tensor;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * Wraps a backend and prints one line per kernel call (kernel, op, operand dtypes and shapes), then
 * runs it: {@code -Dnabla.backend.trace=true} turns it on for the process's backend, e.g.
 * <pre>{@code
 * [nabla cpu] binary add float32[2, 3] float32[3] -> float32[2, 3]
 * }</pre>
 */
public final class TracingBackend implements Backend {
    private final Backend inner;
    private final PrintStream out;

    /** Traces calls to {@code inner} on {@code out}. Neither is modified beyond the lines printed. */
    public TracingBackend(Backend inner, PrintStream out) {
        this.inner = inner;
        this.out = out;
    }

    private void log(String kernel, Object... parts) {
        StringBuilder sb = new StringBuilder("[nabla ").append(inner.name()).append("] ").append(kernel);
        for (Object p : parts) sb.append(' ').append(p instanceof Tensor t ? describe(t) : p);
        out.println(sb);
    }

    private static String describe(Tensor t) {
        return t.dtype().name().toLowerCase() + Shapes.str(t.shapeRef()) + (t.isContiguous() ? "" : "(strided)");
    }

    @Override public String name() { return inner.name(); }

    @Override public Storage allocate(DType dtype, int n) { log("allocate", dtype.name().toLowerCase(), n); return inner.allocate(dtype, n); }

    @Override public void unary(UnaryOp op, Tensor x, Tensor o) { log("unary", op.label, x, "->", o); inner.unary(op, x, o); }

    @Override public void binary(BinaryOp op, Tensor a, Tensor b, Tensor o) { log("binary", op.label, a, b, "->", o); inner.binary(op, a, b, o); }

    @Override public void fma(Tensor x, Tensor y, Tensor z, Tensor o) { log("fma", x, y, z, "->", o); inner.fma(x, y, z, o); }

    @Override public void where(Tensor c, Tensor a, Tensor b, Tensor o) { log("where", c, a, b, "->", o); inner.where(c, a, b, o); }

    @Override public void copy(Tensor src, Tensor dst) { log("copy", src, "->", dst); inner.copy(src, dst); }

    @Override public void fill(Tensor dst, double v) { log("fill", v, "->", dst); inner.fill(dst, v); }

    @Override public void reduce(ReduceOp op, Tensor x, int[] dims, Tensor o) { log("reduce", op.name().toLowerCase(), x, "dims", Arrays.toString(dims), "->", o); inner.reduce(op, x, dims, o); }

    @Override public void softmax(Tensor x, boolean lg, Tensor o) { log(lg ? "log_softmax" : "softmax", x, "->", o); inner.softmax(x, lg, o); }

    @Override public void cumsum(Tensor x, Tensor o) { log("cumsum", x, "->", o); inner.cumsum(x, o); }

    @Override public void argsort(Tensor x, boolean desc, Tensor idx) { log("argsort", x, desc ? "descending" : "ascending", "->", idx); inner.argsort(x, desc, idx); }

    @Override
    public void gemm(int[] batchShape, int m, int n, int k,
                     Storage a, int aOff, int[] aBatchStrides, boolean transA, int lda,
                     Storage b, int bOff, int[] bBatchStrides, boolean transB, int ldb,
                     Storage c, int cOff, int ldc) {
        log("gemm", c.dtype().name().toLowerCase(), "batch" + Shapes.str(batchShape), "m=" + m, "n=" + n, "k=" + k,
                "transA=" + transA, "transB=" + transB);
        inner.gemm(batchShape, m, n, k, a, aOff, aBatchStrides, transA, lda, b, bOff, bBatchStrides, transB, ldb, c, cOff, ldc);
    }

    @Override public void gather(Tensor x, int dim, Tensor index, Tensor o) { log("gather", x, "dim", dim, index, "->", o); inner.gather(x, dim, index, o); }

    @Override
    public void scatter(Tensor src, int dim, Tensor index, Tensor o, boolean add) {
        log(add ? "scatter_add" : "scatter", src, "dim", dim, index, "->", o);
        inner.scatter(src, dim, index, o, add);
    }
}
