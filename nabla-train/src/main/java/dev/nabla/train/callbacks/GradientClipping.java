package dev.nabla.train.callbacks;

import dev.nabla.autograd.GradMode;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Model;

import java.util.List;

/**
 * Clips gradients between backward and the optimizer step: by the global L2 norm over all
 * parameters (rescaling them together, direction kept) or element-wise to [−v, v].
 */
public final class GradientClipping implements Callback {
    private final double maxNorm, clipValue;
    private double lastNorm = Double.NaN;

    private GradientClipping(double maxNorm, double clipValue) { this.maxNorm = maxNorm; this.clipValue = clipValue; }

    public static GradientClipping byNorm(double maxNorm) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("GradientClipping.byNorm: maxNorm must be > 0, got " + maxNorm);
        return new GradientClipping(maxNorm, Double.NaN);
    }

    public static GradientClipping byValue(double value) {
        if (!(value > 0)) throw new IllegalArgumentException("GradientClipping.byValue: value must be > 0, got " + value);
        return new GradientClipping(Double.NaN, value);
    }

    @Override public void afterBackward(Model model) {
        List<Tensor> params = model.module().parameters();
        try (var g = GradMode.noGrad()) {
            if (!Double.isNaN(clipValue)) {
                dev.nabla.nn.utils.ClipGrad.clipGradValue_(params, clipValue);
                return;
            }
            lastNorm = clipGradNorm(params, maxNorm);
        }
    }

    /**
     * Scales all gradients by min(1, maxNorm / total norm) and returns the total norm before clipping.
     * Gradients are Modified in place.
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        return dev.nabla.nn.utils.ClipGrad.clipGradNorm_(params, maxNorm);
    }

    /** Gradient norm of the last batch before clipping (NaN for value clipping). */
    public double lastNorm() { return lastNorm; }
}
