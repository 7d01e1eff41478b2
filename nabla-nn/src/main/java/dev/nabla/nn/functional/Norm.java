package dev.nabla.nn.functional;

import dev.nabla.autograd.Autograd;
import dev.nabla.autograd.GradMode;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/**
 * Normalization layers' functional forms. Batch norm (training) and layer norm have fused float32
 * kernels with a hand-written backward ({@link NormKernels}); their float64 path is composed of
 * tensor ops and is the reference the kernels are tested against. The fused backward is
 * first-order only: differentiating through it again fails with an error that says so (use float64
 * for higher-order gradients). Group norm and RMS norm are composed (fully differentiable).
 */
public final class Norm {
    private Norm() {}

    /**
     * Batch normalization over every dim but 1.
     *
     * @param x           [N, C] or [N, C, *] (not modified)
     * @param runningMean [C] or null; in training updated in place to (1−momentum)·old + momentum·mean (Modified.)
     * @param runningVar  [C] or null; updated with the unbiased batch variance (Modified.)
     * @param weight      [C] or null (= 1); bias [C] or null (= 0)
     * @param training    true: normalise with the batch mean and biased variance; false: with the running stats
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        String op = "batch_norm";
        if (x.dim() < 2) throw new IllegalArgumentException(op + ": input of shape " + Shapes.str(x.shapeRef()) + " must be [N, C] or [N, C, *]");
        int n = x.size(0), c = x.size(1), s = x.numel() / Math.max(1, n * c);
        for (Tensor t : new Tensor[]{runningMean, runningVar, weight, bias})
            if (t != null && (t.dim() != 1 || t.size(0) != c))
                throw new IllegalArgumentException(op + ": per-channel tensor of shape " + Shapes.str(t.shapeRef()) + " must be [" + c
                        + "] for input " + Shapes.str(x.shapeRef()));
        int[] perChannel = new int[x.dim()];
        Arrays.fill(perChannel, 1);
        perChannel[1] = c;
        if (!training) {
            if (runningMean == null || runningVar == null)
                throw new IllegalArgumentException(op + ": evaluation mode needs running_mean and running_var");
            Tensor scale = runningVar.add(eps).rsqrt();
            if (weight != null) scale = scale.mul(weight);
            Tensor y = x.sub(runningMean.reshape(perChannel)).mul(scale.reshape(perChannel));
            return bias == null ? y : y.add(bias.reshape(perChannel));
        }
        long m = (long) n * s;
        if (m <= 1)
            throw new IllegalArgumentException(op + ": training needs more than 1 value per channel, got input " + Shapes.str(x.shapeRef()));
        Tensor y;
        double[] mean, var;
        if (x.dtype() == DType.FLOAT32 && sameDtype(DType.FLOAT32, weight, bias)) {
            Tensor xc = x.contiguous(), wc = weight == null ? null : weight.contiguous(), bc = bias == null ? null : bias.contiguous();
            double[][] st = NormKernels.batchStats(xc.storage().floats(), xc.offset(), n, c, s);
            mean = st[0];
            var = st[1];
            double[] invstd = new double[c];
            for (int k = 0; k < c; k++) invstd[k] = 1 / Math.sqrt(var[k] + eps);
            y = Tensor.empty(DType.FLOAT32, x.shapeRef());
            NormKernels.batchApply(xc.storage().floats(), xc.offset(), y.storage().floats(), n, c, s, mean, invstd,
                    arr(wc), off(wc), arr(bc), off(bc));
            if (Autograd.needs(x, weight, bias)) {
                Autograd.record(op, y, g -> {
                    Tensor gc = g.contiguous();
                    Tensor gx = x.requiresGrad() ? Tensor.empty(DType.FLOAT32, x.shapeRef()) : null;
                    double[][] r = NormKernels.batchBackward(xc.storage().floats(), xc.offset(), gc.storage().floats(), gc.offset(),
                            gx == null ? null : gx.storage().floats(), n, c, s, mean, invstd, arr(wc), off(wc));
                    Tensor[] grads = {gx, weight != null && weight.requiresGrad() ? Tensor.of(r[0], c).toFloat() : null,
                            bias != null && bias.requiresGrad() ? Tensor.of(r[1], c).toFloat() : null};
                    return firstOrderOnly(op, grads, g, x, weight);
                }, x, weight, bias).saveForBackward(x);
            }
        } else {
            int[] dims = new int[x.dim() - 1];
            dims[0] = 0;
            for (int k = 2; k < x.dim(); k++) dims[k - 1] = k;
            Tensor mu = x.mean(dims, true), v = x.var(dims, 0, true);
            y = x.sub(mu).mul(v.add(eps).rsqrt());
            if (weight != null) y = y.mul(weight.reshape(perChannel));
            if (bias != null) y = y.add(bias.reshape(perChannel));
            mean = mu.detach().toDoubleArray();
            var = v.detach().toDoubleArray();
        }
        updateRunning(runningMean, runningVar, mean, var, momentum, m);
        return y;
    }

    private static void updateRunning(Tensor runningMean, Tensor runningVar, double[] mean, double[] var, double momentum, long m) {
        try (var g = GradMode.noGrad()) {
            int c = mean.length;
            if (runningMean != null) {
                double[] rm = runningMean.toDoubleArray();
                for (int k = 0; k < c; k++) rm[k] = (1 - momentum) * rm[k] + momentum * mean[k];
                runningMean.copy_(Tensor.of(rm, c));
            }
            if (runningVar != null) {
                double[] rv = runningVar.toDoubleArray();
                for (int k = 0; k < c; k++) rv[k] = (1 - momentum) * rv[k] + momentum * var[k] * m / (m - 1);
                runningVar.copy_(Tensor.of(rv, c));
            }
        }
    }

    /**
     * Layer normalization over the trailing {@code normalizedShape} dims (biased variance).
     *
     * @param x      [..., *normalizedShape] (not modified)
     * @param weight [*normalizedShape] or null; bias likewise
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        String op = "layer_norm";
        int k = normalizedShape.length, lead = x.dim() - k;
        if (k == 0 || lead < 0 || !Arrays.equals(Arrays.copyOfRange(x.shapeRef(), lead, x.dim()), normalizedShape))
            throw new IllegalArgumentException(op + ": input of shape " + Shapes.str(x.shapeRef()) + " does not end with normalized_shape "
                    + Arrays.toString(normalizedShape));
        for (Tensor t : new Tensor[]{weight, bias})
            if (t != null && !Arrays.equals(t.shapeRef(), normalizedShape))
                throw new IllegalArgumentException(op + ": weight/bias of shape " + Shapes.str(t.shapeRef()) + " must be " + Arrays.toString(normalizedShape));
        int d = Shapes.numel(normalizedShape), rows = x.numel() / Math.max(d, 1);
        if (x.dtype() == DType.FLOAT32 && sameDtype(DType.FLOAT32, weight, bias)) {
            Tensor xc = x.contiguous(), wc = weight == null ? null : weight.contiguous(), bc = bias == null ? null : bias.contiguous();
            double[] mean = new double[rows], invstd = new double[rows];
            Tensor y = Tensor.empty(DType.FLOAT32, x.shapeRef());
            NormKernels.layerForward(xc.storage().floats(), xc.offset(), y.storage().floats(), rows, d, arr(wc), off(wc), arr(bc), off(bc),
                    eps, mean, invstd);
            if (Autograd.needs(x, weight, bias)) {
                Autograd.record(op, y, g -> {
                    Tensor gc = g.contiguous();
                    Tensor gx = x.requiresGrad() ? Tensor.empty(DType.FLOAT32, x.shapeRef()) : null;
                    Tensor gw = weight != null && weight.requiresGrad() ? Tensor.empty(DType.FLOAT32, normalizedShape) : null;
                    Tensor gb = bias != null && bias.requiresGrad() ? Tensor.empty(DType.FLOAT32, normalizedShape) : null;
                    NormKernels.layerBackward(xc.storage().floats(), xc.offset(), gc.storage().floats(), gc.offset(), arr(gx), arr(gw), arr(gb),
                            rows, d, arr(wc), off(wc), mean, invstd);
                    return firstOrderOnly(op, new Tensor[]{gx, gw, gb}, g, x, weight);
                }, x, weight, bias).saveForBackward(x);
            }
            return y;
        }
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) dims[i] = lead + i;
        Tensor mu = x.mean(dims, true), v = x.var(dims, 0, true);
        Tensor y = x.sub(mu).mul(v.add(eps).rsqrt());
        if (weight != null) y = y.mul(weight);
        return bias == null ? y : y.add(bias);
    }

    /**
     * Group normalization: channels split into {@code groups}, each normalised over its channels and
     * all spatial positions per sample; then a per-channel affine.
     *
     * @param x [N, C, *] with C divisible by groups (not modified)
     */
    public static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias, double eps) {
        if (x.dim() < 2 || groups < 1 || x.size(1) % groups != 0)
            throw new IllegalArgumentException("group_norm: input of shape " + Shapes.str(x.shapeRef()) + " must be [N, C, *] with C divisible by groups="
                    + groups);
        int n = x.size(0), c = x.size(1);
        Tensor g = x.reshape(n, groups, -1);
        Tensor y = g.sub(g.mean(new int[]{2}, true)).mul(g.var(new int[]{2}, 0, true).add(eps).rsqrt()).reshape(x.shapeRef());
        int[] perChannel = new int[x.dim()];
        Arrays.fill(perChannel, 1);
        perChannel[1] = c;
        if (weight != null) y = y.mul(weight.reshape(perChannel));
        return bias == null ? y : y.add(bias.reshape(perChannel));
    }

    /** RMS normalization over the trailing {@code normalizedShape} dims: x·rsqrt(mean(x²) + eps)·weight. */
    public static Tensor rmsNorm(Tensor x, int[] normalizedShape, Tensor weight, double eps) {
        int k = normalizedShape.length, lead = x.dim() - k;
        if (k == 0 || lead < 0 || !Arrays.equals(Arrays.copyOfRange(x.shapeRef(), lead, x.dim()), normalizedShape))
            throw new IllegalArgumentException("rms_norm: input of shape " + Shapes.str(x.shapeRef()) + " does not end with normalized_shape "
                    + Arrays.toString(normalizedShape));
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) dims[i] = lead + i;
        Tensor y = x.mul(x.square().mean(dims, true).add(eps).rsqrt());
        return weight == null ? y : y.mul(weight);
    }

    /**
     * Under create-graph the fused backward's results would silently act as constants; instead each
     * gets a node that fails with a clear message if anything differentiates through it.
     */
    private static Tensor[] firstOrderOnly(String op, Tensor[] grads, Tensor... upstream) {
        if (!Autograd.needs(upstream)) return grads;
        for (Tensor t : grads)
            if (t != null)
                Autograd.record(op + "_backward", t, gg -> {
                    throw new UnsupportedOperationException(op + ": double backward through the fused float32 kernel is not supported; "
                            + "run in float64 (composed path) for higher-order gradients");
                }, upstream);
        return grads;
    }

    private static boolean sameDtype(DType dt, Tensor... ts) {
        for (Tensor t : ts) if (t != null && t.dtype() != dt) return false;
        return true;
    }

    private static float[] arr(Tensor t) { return t == null ? null : t.storage().floats(); }

    private static int off(Tensor t) { return t == null ? 0 : t.offset(); }
}
