package dev.nabla.nn.functional;

import dev.nabla.autograd.Autograd;
import dev.nabla.autograd.GradMode;
import dev.nabla.backend.cpu.FloatKernels;
import dev.nabla.backend.cpu.VectorMath;
import dev.nabla.backend.cpu.Parallel;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Cross-entropy and negative log-likelihood (PyTorch 1.13 semantics).
 *
 * <p>The common case (float32 logits, class-index targets) runs one fused log-softmax + NLL pass
 * with a hand-written backward, {@code (softmax - onehot)} scaled per row; class weights,
 * ignore_index, label smoothing and [N, C, d...] inputs (moved to [N·d, C]) stay on it. Probability
 * targets and other dtypes are composed from tensor ops.
 */
public final class CrossEntropy {
    private CrossEntropy() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Mean cross-entropy of logits [N, C] with class indices [N]. */
    public static Tensor crossEntropy(Tensor input, Tensor target) { return crossEntropy(input, target, null, Reduction.MEAN, -100, 0); }

    /**
     * Cross-entropy between logits and targets.
     *
     * <p>Class targets: {@code loss_n = (1-ε)·w[t_n]·(-log p_{n,t_n}) + (ε/C)·Σ_c w_c·(-log p_{n,c})},
     * zero where {@code t_n == ignoreIndex}; MEAN divides the sum by {@code Σ w[t_n]} over
     * non-ignored elements. Probability targets (float, input's shape): {@code -Σ_c w_c·q_{n,c}·log p_{n,c}}
     * with {@code q = (1-ε)·target + ε/C}; MEAN divides by N·d.
     *
     * @param input          logits [N, C, d...] or [C]. Not modified.
     * @param target         int64 class indices [N, d...] (or []), or float probabilities of the input's shape. Not modified.
     * @param weight         per-class weights [C] (constant: no gradient), or null
     * @param reduction      NONE gives shape [N, d...]
     * @param ignoreIndex    class-index targets equal to this contribute nothing (PyTorch default -100)
     * @param labelSmoothing ε in [0, 1]
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction, long ignoreIndex, double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new IllegalArgumentException("cross_entropy: label_smoothing must be in [0, 1], got " + labelSmoothing);
        if (reduction == Reduction.BATCHMEAN) Reduction.BATCHMEAN.apply("cross_entropy", input);
        if (target.dtype().isFloating()) return probabilityTargets(input, target, weight, reduction, labelSmoothing);
        ClassTargets ct = ClassTargets.of("cross_entropy", input, target, weight, ignoreIndex);
        if (input.dtype() != DType.FLOAT32) return composed(input, target, weight, reduction, ignoreIndex, labelSmoothing);
        int c = input.dim() == 1 ? input.size(0) : input.size(1);
        // move classes last so every (n, d...) position is one contiguous row of C logits
        Tensor rows = input.dim() == 1 ? input.reshape(1, c) : input.dim() == 2 ? input : classesLast(input).reshape(-1, c);
        Tensor out = fused(rows.contiguous(), ct, weight == null ? null : weight.toFloatArray(), reduction, labelSmoothing);
        return reduction == Reduction.NONE ? out.reshape(target.shapeRef()) : out;
    }

    private static Tensor classesLast(Tensor x) {
        int[] perm = new int[x.dim()];
        perm[0] = 0;
        for (int k = 2; k < x.dim(); k++) perm[k - 1] = k;
        perm[x.dim() - 1] = 1;
        return x.permute(perm);
    }

    /** The fused op over contiguous float32 rows [M, C]. */
    static Tensor fused(Tensor x, ClassTargets ct, float[] w, Reduction reduction, double eps) {
        int m = x.size(0), c = x.size(1);
        float[] xd = x.storage().floats();
        int xo = x.offset();
        double wSum = classWeightSum(w, c);
        float[] lse = new float[m];
        double[] loss = new double[m];
        Parallel.forRange(m, Math.max(1, 16384 / Math.max(c, 1)), (s, e) -> {
            logSumExpRows(xd, xo, c, s, e, lse);
            for (int r = s; r < e; r++) {
                if (isIgnored(ct, r)) continue;
                int o = xo + r * c, t = (int) ct.classes()[r];
                float l = lse[r];
                double nll = -ct.weights()[r] * (xd[o + t] - l);
                double smooth = 0;
                if (eps > 0) {
                    double wx = 0;
                    for (int j = 0; j < c; j++) wx += (w == null ? 1 : w[j]) * xd[o + j];
                    smooth = wSum * l - wx;
                }
                loss[r] = (1 - eps) * nll + eps / c * smooth;
            }
        });
        Tensor out;
        if (reduction == Reduction.NONE) {
            float[] o = new float[m];
            for (int r = 0; r < m; r++) o[r] = (float) loss[r];
            out = Tensor.wrap(o, m);
        } else {
            double sum = 0;
            for (double v : loss) sum += v;
            out = Tensor.scalar(reduction == Reduction.MEAN ? sum / ct.weightSum() : sum);
        }
        if (Autograd.needs(x)) {
            Autograd.record("cross_entropy", out, g -> new Tensor[]{GradMode.isEnabled()
                    ? backwardComposed(x, g, ct, w, reduction, eps) : backwardFused(x, lse, g, ct, w, reduction, eps)}, x).saveForBackward(x);
        }
        return out;
    }

    private static boolean isIgnored(ClassTargets ct, int r) { return ct.ignored()[r]; }

    /** Σ_c w_c, or C without weights: the smoothing term's weight on the softmax. */
    private static double classWeightSum(float[] w, int c) {
        if (w == null) return c;
        double s = 0;
        for (float v : w) s += v;
        return s;
    }

    /** Rows per block of the exp passes: a block of shifted logits (~16 KiB) stays in L1. */
    private static int blockRows(int c) { return Math.max(1, 4096 / Math.max(c, 1)); }

    /**
     * {@code lse[r] = log Σ_j exp(x[r, j])} for rows [s, e). The exponentials run as a flat vector
     * pass over a block of shifted rows rather than row by row, so small C (e.g. 10 classes,
     * shorter than a vector) is not left to scalar {@code Math.exp}.
     */
    private static void logSumExpRows(float[] x, int xo, int c, int s, int e, float[] lse) {
        int rows = blockRows(c);
        float[] tmp = new float[Math.min(rows, e - s) * c];
        float[] max = new float[rows];
        for (int b = s; b < e; b += rows) {
            int be = Math.min(e, b + rows);
            for (int r = b; r < be; r++) {
                int o = xo + r * c, t = (r - b) * c;
                float mx = FloatKernels.max(x, o, c);
                // a row of -inf (or NaN) would give NaN shifts: shift by 0 and let the sum say -inf / NaN
                if (mx == Float.NEGATIVE_INFINITY || Float.isNaN(mx)) mx = 0;
                max[r - b] = mx;
                for (int j = 0; j < c; j++) tmp[t + j] = x[o + j] - mx;
            }
            expRange(tmp, 0, (be - b) * c);
            for (int r = b; r < be; r++) {
                double sum = c >= S.length() ? FloatKernels.sum(tmp, (r - b) * c, c) : 0;
                if (c < S.length()) for (int j = 0, t = (r - b) * c; j < c; j++) sum += tmp[t + j];
                lse[r] = (float) (max[r - b] + Math.log(sum));
            }
        }
    }

    private static void expRange(float[] a, int from, int to) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length())
            VectorMath.exp(FloatVector.fromArray(S, a, i)).intoArray(a, i);
        for (; i < to; i++) a[i] = (float) Math.exp(a[i]);
    }

    /** Per-row scale of the upstream gradient: g[r] (NONE), g (SUM) or g / Σw (MEAN). */
    private static float rowScale(float[] g, int r, Reduction reduction, double weightSum) {
        return switch (reduction) {
            case NONE -> g[r];
            case SUM -> g[0];
            default -> (float) (g[0] / weightSum);
        };
    }

    /** {@code dx_c = s_r·(A_r·p_c - (1-ε)·w_t·[c = t] - (ε/C)·w_c)} with {@code A_r = (1-ε)·w_t + (ε/C)·Σw}. */
    private static Tensor backwardFused(Tensor x, float[] lse, Tensor gOut, ClassTargets ct, float[] w, Reduction reduction, double eps) {
        int m = x.size(0), c = x.size(1);
        float[] xd = x.storage().floats(), g = gOut.toFloatArray(), dx = new float[m * c];
        int xo = x.offset();
        float smoothC = (float) (eps / c);
        double wSum = classWeightSum(w, c);
        Parallel.forRange(m, Math.max(1, 16384 / Math.max(c, 1)), (s, e) -> {
            // dx = exp(x - lse) as flat vector passes over blocks of rows, then the per-row scale and the one-hot / smoothing terms
            for (int b = s; b < e; b += blockRows(c)) {
                int be = Math.min(e, b + blockRows(c));
                for (int r = b; r < be; r++) {
                    int o = xo + r * c;
                    float l = lse[r];
                    for (int j = 0; j < c; j++) dx[r * c + j] = xd[o + j] - l;
                }
                expRange(dx, b * c, be * c);
            }
            for (int r = s; r < e; r++) {
                if (isIgnored(ct, r)) { java.util.Arrays.fill(dx, r * c, (r + 1) * c, 0f); continue; }
                int t = (int) ct.classes()[r];
                float sc = rowScale(g, r, reduction, ct.weightSum());
                float a = (float) (sc * ((1 - eps) * ct.weights()[r] + eps / c * wSum));
                for (int j = 0; j < c; j++) dx[r * c + j] *= a;
                if (eps > 0) for (int j = 0; j < c; j++) dx[r * c + j] -= sc * smoothC * (w == null ? 1 : w[j]);
                dx[r * c + t] -= (float) (sc * (1 - eps) * ct.weights()[r]);
            }
        });
        return Tensor.wrap(dx, m, c);
    }

    /** The same gradient in tensor ops, so it is differentiable again (used under createGraph). */
    private static Tensor backwardComposed(Tensor x, Tensor g, ClassTargets ct, float[] w, Reduction reduction, double eps) {
        int m = x.size(0), c = x.size(1);
        double wAll = classWeightSum(w, c);
        float[] a = new float[m], b = new float[m * c];
        for (int r = 0; r < m; r++) {
            if (isIgnored(ct, r)) continue;
            a[r] = (float) ((1 - eps) * ct.weights()[r] + eps / c * wAll);
            for (int j = 0; j < c; j++) b[r * c + j] = (float) (eps / c * (w == null ? 1 : w[j]));
            b[r * c + (int) ct.classes()[r]] += (float) ((1 - eps) * ct.weights()[r]);
        }
        Tensor scale = switch (reduction) {
            case NONE -> g.reshape(m, 1);
            case SUM -> g.reshape(1, 1);
            default -> g.div(ct.weightSum()).reshape(1, 1);
        };
        return x.softmax(1).mul(Tensor.wrap(a, m, 1)).sub(Tensor.wrap(b, m, c)).mul(scale);
    }

    /** Cross-entropy composed from log-softmax and {@link #nllLoss} (the definition the fused path is tested against). */
    public static Tensor composed(Tensor input, Tensor target, Tensor weight, Reduction reduction, long ignoreIndex, double eps) {
        Tensor logp = input.logSoftmax(input.dim() == 1 ? 0 : 1);
        Tensor nll = nllLoss(logp, target, weight, reduction, ignoreIndex);
        if (eps == 0) return nll;
        int classDim = input.dim() == 1 ? 0 : 1, c = input.size(classDim);
        ClassTargets ct = ClassTargets.of("cross_entropy", input, target, weight, ignoreIndex);
        Tensor weighted = weight == null ? logp : logp.mul(weight.to(input.dtype()).reshape(classShape(input.dim(), c)));
        Tensor smooth = weighted.sum(classDim).neg().mul(keepMask(ct, target.shapeRef(), input.dtype()));
        Tensor red = switch (reduction) {
            case NONE -> smooth;
            case SUM -> smooth.sum();
            default -> smooth.sum().div(weight == null ? ct.count() : ct.weightSum());
        };
        return nll.mul(1 - eps).add(red.mul(eps / c));
    }

    private static int[] classShape(int rank, int c) {
        int[] s = new int[rank];
        java.util.Arrays.fill(s, 1);
        s[rank == 1 ? 0 : 1] = c;
        return s;
    }

    private static Tensor keepMask(ClassTargets ct, int[] shape, DType dt) {
        double[] k = new double[ct.classes().length];
        for (int i = 0; i < k.length; i++) k[i] = isIgnored(ct, i) ? 0 : 1;
        return Tensor.of(k, shape).to(dt);
    }

    private static Tensor probabilityTargets(Tensor input, Tensor target, Tensor weight, Reduction reduction, double eps) {
        if (!Shapes.equal(input.shapeRef(), target.shapeRef()))
            throw new IllegalArgumentException("cross_entropy: probability target of shape " + Shapes.str(target.shapeRef())
                    + " must have the input's shape " + Shapes.str(input.shapeRef()));
        int classDim = input.dim() == 1 ? 0 : 1, c = input.size(classDim);
        Tensor q = eps > 0 ? target.mul(1 - eps).add(eps / c) : target;
        Tensor prod = input.logSoftmax(classDim).mul(q.to(input.dtype()));
        if (weight != null) prod = prod.mul(weight.to(input.dtype()).reshape(classShape(input.dim(), c)));
        return switch (reduction) {
            case NONE -> prod.sum(classDim).neg();
            case SUM -> prod.sum().neg();
            default -> prod.sum().neg().div(input.numel() / (double) c);
        };
    }

    /**
     * Negative log-likelihood of log-probabilities: {@code loss_n = -w[t_n]·input[n, t_n]}, zero where
     * {@code t_n == ignoreIndex}; MEAN divides by {@code Σ w[t_n]} over non-ignored elements.
     *
     * @param input  log-probabilities [N, C, d...] or [C]. Not modified.
     * @param target int64 class indices [N, d...] or []. Not modified.
     * @param weight per-class weights [C] (constant), or null
     */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, Reduction reduction, long ignoreIndex) {
        ClassTargets ct = ClassTargets.of("nll_loss", input, target, weight, ignoreIndex);
        int[] ts = target.shapeRef();
        Tensor picked;
        if (input.dim() == 1) picked = input.gather(0, Tensor.of(ct.classes(), 1)).reshape();
        else picked = input.gather(1, Tensor.of(ct.classes(), ts).unsqueeze(1)).squeeze(1);
        Tensor loss = picked.mul(Tensor.of(ct.weights(), ts).to(input.dtype())).neg();
        return switch (reduction) {
            case NONE -> loss;
            case SUM -> loss.sum();
            case MEAN -> loss.sum().div(ct.weightSum());
            case BATCHMEAN -> Reduction.BATCHMEAN.apply("nll_loss", loss);
        };
    }

    /** {@link #nllLoss(Tensor, Tensor, Tensor, Reduction, long)} with mean reduction, no weights. */
    public static Tensor nllLoss(Tensor input, Tensor target) { return nllLoss(input, target, null, Reduction.MEAN, -100); }
}
