package dev.nabla.bench;

/**
 * A native GEMM that the benchmarks compare Nabla against, found with {@link java.util.ServiceLoader}
 * so that no peer is a dependency of Nabla or of the default build (the OpenBLAS one lives in
 * {@code nabla-bench-peers}, built with {@code -Ppeers}).
 */
public interface GemmPeer {
    /** Short label printed in results, e.g. {@code openblas}. */
    String name();

    /** Sets the peer's own thread count (it does not use Nabla's pool). */
    void setThreads(int threads);

    /** Row-major {@code C = A·B + beta·C} with A m×k, B k×n, C m×n, dense (lda = k, ldb = ldc = n). */
    void sgemm(int m, int n, int k, float[] a, float[] b, float beta, float[] c);
}
