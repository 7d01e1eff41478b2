package dev.nabla.nn.init;

import dev.nabla.autograd.GradMode;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

/**
 * In-place initializers (no gradient recorded), matching {@code torch.nn.init}. Each draws from the
 * given {@link Generator}, so a seed fixes every weight.
 */
public final class Init {
    private Init() {}

    public enum FanMode { FAN_IN, FAN_OUT }

    /** fan_in and fan_out of a weight: dims 1 and 0 times the receptive field (dims 2..). */
    public static int[] fans(Tensor w) {
        int[] s = w.shapeRef();
        if (s.length < 2) throw new IllegalArgumentException("fans: need a weight of rank >= 2, got shape " + Shapes.str(s));
        int rf = 1;
        for (int k = 2; k < s.length; k++) rf *= s[k];
        return new int[]{s[1] * rf, s[0] * rf};
    }

    /** The recommended gain for a nonlinearity: relu sqrt(2), tanh 5/3, leaky_relu sqrt(2/(1+a^2)), selu 3/4, else 1. */
    public static double gain(String nonlinearity, double param) {
        return switch (nonlinearity) {
            case "relu" -> Math.sqrt(2);
            case "tanh" -> 5.0 / 3;
            case "leaky_relu" -> Math.sqrt(2 / (1 + param * param));
            case "selu" -> 0.75;
            case "linear", "sigmoid", "conv1d", "conv2d", "conv3d" -> 1;
            default -> throw new IllegalArgumentException("gain: unknown nonlinearity '" + nonlinearity + "'");
        };
    }

    private static Tensor fill(Tensor t, Tensor values) {
        try (var g = GradMode.noGrad()) {
            return t.copy_(values);
        }
    }

    public static Tensor uniform(Tensor t, double lo, double hi, Generator g) { return fill(t, g.uniform(lo, hi, t.shapeRef())); }

    public static Tensor normal(Tensor t, double mean, double std, Generator g) { return fill(t, g.normal(mean, std, t.shapeRef())); }

    public static Tensor constant(Tensor t, double v) {
        try (var s = GradMode.noGrad()) {
            return t.fill_(v);
        }
    }

    public static Tensor zeros(Tensor t) { return constant(t, 0); }

    public static Tensor ones(Tensor t) { return constant(t, 1); }

    public static Tensor xavierUniform(Tensor t, double gain, Generator g) {
        int[] f = fans(t);
        double a = gain * Math.sqrt(6.0 / (f[0] + f[1]));
        return uniform(t, -a, a, g);
    }

    public static Tensor xavierNormal(Tensor t, double gain, Generator g) {
        int[] f = fans(t);
        return normal(t, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])), g);
    }

    /** He initialization; {@code a} is the negative slope for leaky_relu. */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, String nonlinearity, Generator g) {
        int fan = fans(t)[mode == FanMode.FAN_IN ? 0 : 1];
        double bound = gain(nonlinearity, a) * Math.sqrt(3.0 / fan);
        return uniform(t, -bound, bound, g);
    }

    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, String nonlinearity, Generator g) {
        int fan = fans(t)[mode == FanMode.FAN_IN ? 0 : 1];
        return normal(t, 0, gain(nonlinearity, a) / Math.sqrt(fan), g);
    }

    /** Normal(mean, std) redrawn until inside [a, b]. */
    public static Tensor truncatedNormal(Tensor t, double mean, double std, double a, double b, Generator g) {
        float[] v = new float[t.numel()];
        for (int i = 0; i < v.length; i++) {
            double x;
            do { x = mean + std * g.nextGaussian(); } while (x < a || x > b);
            v[i] = (float) x;
        }
        return fill(t, Tensor.of(v, t.shapeRef()));
    }

    /** A (semi-)orthogonal matrix from the QR decomposition of a Gaussian, scaled by {@code gain}. */
    public static Tensor orthogonal(Tensor t, double gain, Generator g) {
        int rows = t.shapeRef()[0], cols = t.numel() / rows;
        boolean transpose = rows < cols;
        int n = transpose ? cols : rows, m = transpose ? rows : cols;
        double[][] a = new double[n][m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) a[i][j] = g.nextGaussian();
        // modified Gram-Schmidt on the columns; sign fixed like the QR convention (diag(R) > 0)
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += a[i][j] * a[i][k];
                for (int i = 0; i < n; i++) a[i][j] -= dot * a[i][k];
            }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += a[i][j] * a[i][j];
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) a[i][j] /= norm;
        }
        float[] v = new float[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                v[r * cols + c] = (float) (gain * (transpose ? a[c][r] : a[r][c]));
        return fill(t, Tensor.of(v, t.shapeRef()));
    }
}
