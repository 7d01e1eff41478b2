package dev.nabla.nn.utils;

import dev.nabla.autograd.GradMode;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.backend.cpu.VectorMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Gradient clipping, in place on the parameters' {@code grad}s (parameters without a grad are skipped). */
public final class ClipGrad {
    private ClipGrad() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /**
     * Scales all gradients together so that their global {@code normType}-norm is at most
     * {@code maxNorm}: coefficient {@code maxNorm / (total + 1e-6)}, applied only when below 1 (as
     * {@code torch.nn.utils.clip_grad_norm_}).
     *
     * @param params   parameters whose grads are clipped. Their grads are modified.
     * @param maxNorm  the largest allowed total norm
     * @param normType p of the norm (2 usual; {@code Double.POSITIVE_INFINITY} for the max-abs norm)
     * @return the total norm before clipping
     */
    public static double clipGradNorm_(Iterable<Tensor> params, double maxNorm, double normType) {
        if (!(normType > 0)) throw new IllegalArgumentException("clipGradNorm: normType must be > 0, got " + normType);
        double total = 0;
        boolean inf = Double.isInfinite(normType);
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            if (inf) total = Math.max(total, maxAbs(g));
            else if (normType == 2) total += sumSquares(g);
            else total += g.detach().abs().pow(normType).sum().item();
        }
        if (!inf) total = normType == 2 ? Math.sqrt(total) : Math.pow(total, 1 / normType);
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1) for (Tensor p : params) if (p.grad() != null) scale(p, (float) coef);
        return total;
    }

    /** {@link #clipGradNorm_(Iterable, double, double)} with the L2 norm. */
    public static double clipGradNorm_(Iterable<Tensor> params, double maxNorm) { return clipGradNorm_(params, maxNorm, 2); }

    /**
     * Clamps every gradient element to {@code [-clip, clip]}.
     *
     * @param params parameters whose grads are clipped. Their grads are modified.
     */
    public static void clipGradValue_(Iterable<Tensor> params, double clip) {
        if (!(clip >= 0)) throw new IllegalArgumentException("clipGradValue: clip value must be >= 0, got " + clip);
        try (var ng = GradMode.noGrad()) {
            for (Tensor p : params) if (p.grad() != null) p.setGrad(p.grad().clamp(-clip, clip));
        }
    }

    private static Tensor flatGrad(Tensor g) { return g.dtype() == DType.FLOAT32 && g.isContiguous() ? g : g.detach().to(DType.FLOAT32).contiguous(); }

    private static double sumSquares(Tensor grad) {
        Tensor g = flatGrad(grad);
        float[] d = g.storage().floats();
        int o = g.offset(), n = g.numel(), i = 0;
        FloatVector acc = FloatVector.zero(S);
        double sum = 0;
        // partial vector sums are flushed to double every block so long gradients keep their precision
        for (int bound = S.loopBound(n); i < bound; ) {
            int end = Math.min(bound, i + S.length() * 1024);
            for (; i < end; i += S.length()) { FloatVector v = FloatVector.fromArray(S, d, o + i); acc = v.fma(v, acc); }
            sum += VectorMath.sum(acc);
            acc = FloatVector.zero(S);
        }
        for (; i < n; i++) sum += (double) d[o + i] * d[o + i];
        return sum;
    }

    private static double maxAbs(Tensor grad) {
        Tensor g = flatGrad(grad);
        float[] d = g.storage().floats();
        double m = 0;
        for (int i = 0, o = g.offset(); i < g.numel(); i++) m = Math.max(m, Math.abs(d[o + i]));
        return m;
    }

    private static void scale(Tensor p, float coef) {
        Tensor g = p.grad();
        if (g.dtype() != DType.FLOAT32 || !g.isContiguous()) {
            try (var ng = GradMode.noGrad()) { p.setGrad(g.detach().mul(coef)); }
            return;
        }
        float[] d = g.storage().floats();
        int o = g.offset(), n = g.numel(), i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) FloatVector.fromArray(S, d, o + i).mul(coef).intoArray(d, o + i);
        for (; i < n; i++) d[o + i] *= coef;
        g.storage().bumpVersion();
    }
}
