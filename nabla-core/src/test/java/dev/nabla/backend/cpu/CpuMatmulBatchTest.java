package dev.nabla.backend.cpu;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Batched products of the attention size (2 MFLOP each, many of them) split over batches: every batch still right. */
class CpuMatmulBatchTest {
    @Test void midSizedBatchesSplitOverThreadsMatchAPlainLoop() {
        Generator g = new Generator(9);
        int batches = 6, m = 128, k = 64, n = 128;
        Tensor a = g.normal(0, 1, batches, m, k), b = g.normal(0, 1, batches, n, k).transpose(1, 2); // transposed B, as q·kᵀ
        float[] c = a.matmul(b).toFloatArray(), af = a.toFloatArray(), bf = b.contiguous().toFloatArray();
        for (int bi = 0; bi < batches; bi++)
            for (int i = 0; i < m; i += 17)
                for (int j = 0; j < n; j += 13) {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += (double) af[(bi * m + i) * k + p] * bf[(bi * k + p) * n + j];
                    assertEquals(s, c[(bi * m + i) * n + j], 1e-3, "batch " + bi + " [" + i + ", " + j + "]");
                }
    }
}
