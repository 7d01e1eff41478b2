package dev.nabla.backend.cpu;

import dev.nabla.backend.Backend;
import dev.nabla.ops.BinaryOp;
import dev.nabla.ops.ReduceOp;
import dev.nabla.ops.UnaryOp;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Storage;
import dev.nabla.tensor.Tensor;

/**
 * The CPU backend: Vector API kernels for float32, the GEMM, and one process-wide thread pool
 * ({@link Parallel}). Small work runs inline on the caller's thread. Kernels live by family in
 * {@link CpuElementwise}, {@link CpuReductions}, {@link CpuMatmul} and {@link CpuIndexing}.
 */
public final class CpuBackend implements Backend {
    /** The instance {@link dev.nabla.backend.Backends} uses by default; the backend is stateless. */
    public static final CpuBackend INSTANCE = new CpuBackend();

    /** Public for {@link java.util.ServiceLoader}; prefer {@link #INSTANCE}. */
    public CpuBackend() {}

    @Override public String name() { return "cpu"; }

    @Override public Storage allocate(DType dtype, int n) { return Storage.allocate(dtype, n); }

    @Override public void unary(UnaryOp op, Tensor x, Tensor out) { CpuElementwise.unary(op, x, out); }

    @Override public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) { CpuElementwise.binary(op, a, b, out); }
    @Override public void fma(Tensor x, Tensor y, Tensor z, Tensor out) { CpuElementwise.fma(x, y, z, out); }

    @Override public void where(Tensor cond, Tensor a, Tensor b, Tensor out) { CpuElementwise.where(cond, a, b, out); }

    @Override public void copy(Tensor src, Tensor dst) { CpuElementwise.copy(src, dst); }

    @Override public void fill(Tensor dst, double v) { CpuElementwise.fill(dst, v); }

    @Override public void reduce(ReduceOp op, Tensor x, int[] dims, Tensor out) { CpuReductions.reduce(op, x, dims, out); }

    @Override public void softmax(Tensor x, boolean log, Tensor out) { CpuReductions.softmax(x, log, out); }

    @Override public void cumsum(Tensor x, Tensor out) { CpuReductions.cumsum(x, out); }

    @Override public void argsort(Tensor x, boolean descending, Tensor indices) { CpuReductions.argsort(x, descending, indices); }

    @Override
    public void gemm(int[] batchShape, int m, int n, int k,
                     Storage a, int aOff, int[] aBatchStrides, boolean transA, int lda,
                     Storage b, int bOff, int[] bBatchStrides, boolean transB, int ldb,
                     Storage c, int cOff, int ldc) {
        CpuMatmul.gemm(batchShape, m, n, k, a, aOff, aBatchStrides, transA, lda, b, bOff, bBatchStrides, transB, ldb, c, cOff, ldc);
    }

    @Override public void gather(Tensor x, int dim, Tensor index, Tensor out) { CpuIndexing.gather(x, dim, index, out); }

    @Override public void scatter(Tensor src, int dim, Tensor index, Tensor out, boolean add) { CpuIndexing.scatter(src, dim, index, out, add); }

    /** {@code t} itself when contiguous, else a contiguous copy (no autograd): for kernels that read flat rows. */
    static Tensor contiguous(Tensor t) {
        if (t.isContiguous()) return t;
        Tensor c = Tensor.empty(t.dtype(), t.shapeRef());
        CpuElementwise.copy(t, c);
        return c;
    }
}
