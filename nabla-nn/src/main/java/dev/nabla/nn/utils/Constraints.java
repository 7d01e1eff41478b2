package dev.nabla.nn.utils;

import dev.nabla.autograd.GradMode;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

/** Constraints applied to parameters after an optimizer step (in place, no autograd). */
public final class Constraints {
    private Constraints() {}

    /**
     * Max-norm constraint: every slice {@code p[i]} along dim 0 (a weight's output row; the whole
     * tensor for 0-D and 1-D parameters) whose L2 norm exceeds {@code maxNorm} is scaled by
     * {@code maxNorm / (norm + 1e-7)}, like {@code torch.renorm(p, 2, 0, maxNorm)}.
     *
     * @param p       the parameter. Modified.
     * @param maxNorm the largest allowed norm, &gt; 0
     */
    public static void maxNorm_(Tensor p, double maxNorm) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("maxNorm: the maximal norm must be > 0, got " + maxNorm);
        if (p.dtype() != DType.FLOAT32 || !p.isContiguous())
            throw new IllegalArgumentException("maxNorm: parameter must be contiguous float32, got " + p.dtype());
        int rows = p.dim() <= 1 ? 1 : p.size(0), n = p.numel(), cols = rows == 0 ? 0 : n / rows;
        float[] d = p.storage().floats();
        int o = p.offset();
        try (var ng = GradMode.noGrad()) {
            for (int r = 0; r < rows; r++) {
                double sq = 0;
                for (int i = 0; i < cols; i++) { double v = d[o + r * cols + i]; sq += v * v; }
                double norm = Math.sqrt(sq);
                if (norm > maxNorm) {
                    float scale = (float) (maxNorm / (norm + 1e-7));
                    for (int i = 0; i < cols; i++) d[o + r * cols + i] *= scale;
                }
            }
        }
        p.storage().bumpVersion();
    }
}
