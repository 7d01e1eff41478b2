package dev.nabla.bench.peers;

import dev.nabla.bench.GemmPeer;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.global.openblas_full;

/** OpenBLAS through the bytedeco presets; registered for {@link java.util.ServiceLoader}. */
public final class OpenBlasPeer implements GemmPeer {
    @Override public String name() { return "openblas"; }

    /**
     * In presets 1.5.13 {@code openblas_set_num_threads} is declared on {@code openblas_full}
     * only; every JNI flavour links the same {@code libopenblas.so.0}, so this sets the pool that
     * {@code openblas.cblas_sgemm} uses.
     */
    @Override public void setThreads(int threads) { openblas_full.openblas_set_num_threads(threads); }

    @Override public void sgemm(int m, int n, int k, float[] a, float[] b, float beta, float[] c) {
        openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans,
                m, n, k, 1f, a, k, b, n, beta, c, n);
    }
}
