package dev.nabla.backend;

import dev.nabla.ops.BinaryOp;
import dev.nabla.ops.ReduceOp;
import dev.nabla.ops.UnaryOp;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Storage;
import dev.nabla.tensor.Tensor;

/**
 * The kernels every op in {@code dev.nabla.ops} lowers to: a small, closed set of primitives over
 * strided tensors. The ops check shapes and dtypes, allocate outputs and record autograd; a
 * backend only computes, and may assume its arguments are valid (shapes broadcast, dtypes as
 * stated, indices in range). Tensors passed in are views: read them through
 * {@code storage()}, {@code offset()}, {@code stridesRef()} and {@code shapeRef()}; a stride of 0
 * is a broadcast dim. Outputs are written in place; inputs are not modified. No method records
 * autograd or bumps a storage version.
 *
 * <p>{@link dev.nabla.backend.reference.ReferenceBackend} defines the semantics with plain loops;
 * {@link dev.nabla.backend.cpu.CpuBackend} is the fast one. {@link Backends#current()} is the one
 * the ops call. An accelerator backend implements this interface and registers itself in
 * {@code META-INF/services/dev.nabla.backend.Backend}.
 */
public interface Backend {

    /** The name {@code -Dnabla.backend=NAME} selects ("cpu", "reference"). */
    String name();

    /** A zero-filled buffer of {@code n} elements of {@code dtype}. */
    Storage allocate(DType dtype, int n);

    /**
     * {@code out = op(x)}, elementwise. x has out's shape and dtype (float32, float64, or an
     * integer dtype for the ops that keep integers, computed with {@link UnaryOp#applyLong}).
     */
    void unary(UnaryOp op, Tensor x, Tensor out);

    /**
     * {@code out = op(a, b)}, elementwise; a and b have the compute dtype and broadcast to out's
     * shape; out has {@code op.resultType(compute)}. out may alias a (in-place ops).
     */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /**
     * {@code out = x * y + z}, elementwise, in one pass (the fused multiply-add behind
     * {@code add(o, alpha)}, {@code addcmul} and {@code a·x + b}); x, y and z have out's floating
     * dtype and broadcast to out's shape. out may alias any input read at out's own positions.
     */
    void fma(Tensor x, Tensor y, Tensor z, Tensor out);

    /** {@code out = cond ? a : b}; cond bool, a and b of out's dtype, all three broadcast to out's shape. */
    void where(Tensor cond, Tensor a, Tensor b, Tensor out);

    /**
     * Copies src, broadcast to dst's shape, into dst, converting the dtype as a cast does
     * (truncation toward zero for integers, != 0 for bool). src and dst must not overlap.
     */
    void copy(Tensor src, Tensor dst);

    /** Writes {@code v}, converted to dst's dtype, to every element of dst. */
    void fill(Tensor dst, double v);

    /**
     * Reduces x over {@code dims} (sorted, unique; all dims for a full reduction) into out, which
     * holds the kept dims in order (the keepdim=false shape, contiguous). Sums and products of
     * integers are int64, all/any bool, arg-reductions int64 positions over exactly one dim,
     * max/min keep x's dtype. Floating reductions accumulate in double.
     */
    void reduce(ReduceOp op, Tensor x, int[] dims, Tensor out);

    /** Numerically stable softmax (or log-softmax) of every row along x's last dim into out (same shape, floating). */
    void softmax(Tensor x, boolean log, Tensor out);

    /** Inclusive cumulative sum along x's last dim into out (same shape; int64 for integer x). */
    void cumsum(Tensor x, Tensor out);

    /**
     * Stable ascending (or descending) sort positions of every row along x's last dim, written to
     * {@code indices} (int64, x's shape). NaN sorts as the largest value, as in PyTorch.
     */
    void argsort(Tensor x, boolean descending, Tensor indices);

    /**
     * Batched {@code C[i] = op(A[i]) · op(B[i])} in row-major storage, like BLAS's strided batched
     * GEMM. For each batch index {@code i} over {@code batchShape} (empty: a single product), A's
     * matrix starts at {@code aOff + sum(idx[d] * aBatchStrides[d])} (0 = broadcast), likewise B's;
     * C's at {@code cOff + i * m * ldc}. op(A) is m × k, op(B) k × n; a transposed operand is read
     * column-major with leading dimension {@code lda} / {@code ldb}. All three share one dtype;
     * C is overwritten.
     */
    void gemm(int[] batchShape, int m, int n, int k,
              Storage a, int aOff, int[] aBatchStrides, boolean transA, int lda,
              Storage b, int bOff, int[] bBatchStrides, boolean transB, int ldb,
              Storage c, int cOff, int ldc);

    /**
     * {@code out[p] = x[p with coordinate dim replaced by index[p]]} for every position p of out;
     * index (int32/int64, values in [-size, size), negatives counting from the end) has out's
     * shape, possibly broadcast (index_select passes a 1-D index expanded along the other dims).
     */
    void gather(Tensor x, int dim, Tensor index, Tensor out);

    /**
     * For every position p of index, in row-major order: {@code out[p with coordinate dim replaced
     * by index[p]] = src[p]}, or {@code += src[p]} when {@code add}. src is read at p's coordinates
     * (its shape may be larger than index's); with repeated indices the last write wins.
     */
    void scatter(Tensor src, int dim, Tensor index, Tensor out, boolean add);
}
