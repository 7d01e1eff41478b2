package dev.nabla.nn.functional;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/**
 * Convolutions (cross-correlation, no kernel flip, symmetric zero padding, NC(D)(H)(W) like
 * PyTorch) and transposed convolutions. Each call is one autograd node (see {@link ConvOps});
 * gradients of gradients are supported. float32 runs im2col + GEMM; float64 runs the reference loops.
 *
 * <pre>{@code
 * Tensor y = Conv.conv2d(x, weight, bias, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, 1);
 * }</pre>
 */
public final class Conv {
    private Conv() {}

    /**
     * 1-D convolution.
     *
     * @param x      input [N, C, L] (not modified)
     * @param weight [Co, C/groups, K] (not modified)
     * @param bias   [Co] or null (not modified)
     * @return [N, Co, Lout], Lout = floor((L + 2·padding − dilation·(K−1) − 1)/stride) + 1
     */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return convNd("conv1d", 1, x, weight, bias, new int[]{stride}, new int[]{padding}, new int[]{dilation}, groups);
    }

    /** 2-D convolution: x [N, C, H, W], weight [Co, C/groups, kH, kW], bias [Co] or null; per-dim stride/padding/dilation. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return convNd("conv2d", 2, x, weight, bias, stride, padding, dilation, groups);
    }

    /** 2-D convolution with square stride and padding, no dilation, one group. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(x, weight, bias, new int[]{stride, stride}, new int[]{padding, padding}, new int[]{1, 1}, 1);
    }

    /** 3-D convolution: x [N, C, D, H, W], weight [Co, C/groups, kD, kH, kW]. */
    public static Tensor conv3d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return convNd("conv3d", 3, x, weight, bias, stride, padding, dilation, groups);
    }

    /**
     * Convolution with {@code padding="same"} (output as large as the input; stride must be 1) or
     * {@code "valid"} (no padding). For an even total padding PyTorch puts the extra cell on the
     * right/bottom; so does this.
     *
     * @param spatial 1, 2 or 3 (the number of spatial dims of x)
     */
    public static Tensor convPadded(int spatial, Tensor x, Tensor weight, Tensor bias, String padding, int[] stride, int[] dilation, int groups) {
        String op = "conv" + spatial + "d";
        if (padding.equals("valid")) return convNd(op, spatial, x, weight, bias, stride, new int[spatial], dilation, groups);
        if (!padding.equals("same"))
            throw new IllegalArgumentException(op + ": padding must be \"same\", \"valid\" or integers, got \"" + padding + "\"");
        for (int s : stride)
            if (s != 1) throw new IllegalArgumentException(op + ": padding=\"same\" needs stride 1, got stride " + Arrays.toString(stride));
        if (weight.dim() != spatial + 2)
            throw new IllegalArgumentException(op + ": weight of shape " + Shapes.str(weight.shapeRef()) + " must be " + (spatial + 2) + "-D");
        int[] left = new int[spatial], extra = new int[2 * spatial];
        boolean asymmetric = false;
        for (int d = 0; d < spatial; d++) {
            int total = dilation[d] * (weight.size(2 + d) - 1);
            left[d] = total / 2;
            extra[2 * (spatial - 1 - d) + 1] = total - 2 * left[d];   // F.pad order: last dim first, (left, right)
            asymmetric |= total % 2 != 0;
        }
        Tensor xin = asymmetric ? x.pad(extra) : x;
        return convNd(op, spatial, xin, weight, bias, stride, left, dilation, groups);
    }

    /**
     * 1-D transposed convolution (the gradient of conv1d with respect to its input).
     *
     * @param x      [N, Cin, L] (not modified)
     * @param weight [Cin, Cout/groups, K] (not modified)
     * @param bias   [Cout] or null
     * @return [N, Cout, (L−1)·stride − 2·padding + dilation·(K−1) + outputPadding + 1]
     */
    public static Tensor convTranspose1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int outputPadding, int dilation, int groups) {
        return convTransposeNd("conv_transpose1d", 1, x, weight, bias, new int[]{stride}, new int[]{padding},
                new int[]{outputPadding}, new int[]{dilation}, groups);
    }

    /** 2-D transposed convolution: x [N, Cin, H, W], weight [Cin, Cout/groups, kH, kW]; per-dim settings. */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
                                         int[] dilation, int groups) {
        return convTransposeNd("conv_transpose2d", 2, x, weight, bias, stride, padding, outputPadding, dilation, groups);
    }

    // ------------------------------------------------------------------ shape rules

    static Tensor convNd(String op, int spatial, Tensor x, Tensor w, Tensor b, int[] stride, int[] padding, int[] dilation, int groups) {
        checkCommon(op, spatial, x, w, b, stride, padding, dilation, groups);
        int n = x.size(0), c = x.size(1), co = w.size(0);
        if (c != w.size(1) * groups)
            throw new IllegalArgumentException(op + ": input of shape " + Shapes.str(x.shapeRef()) + " has " + c + " channels but weight "
                    + Shapes.str(w.shapeRef()) + " with groups=" + groups + " expects " + w.size(1) * groups);
        if (co % groups != 0)
            throw new IllegalArgumentException(op + ": out channels " + co + " (weight dim 0) must be divisible by groups=" + groups);
        checkBias(op, b, co);
        int[] in = pad3(x.shapeRef(), spatial), k = pad3(w.shapeRef(), spatial), out = new int[3];
        int[] s3 = lift(stride, 1), p3 = lift(padding, 0), d3 = lift(dilation, 1);
        for (int d = 0; d < 3; d++) {
            out[d] = ConvGeometry.outSize(in[d], k[d], s3[d], p3[d], d3[d]);
            if (out[d] <= 0)
                throw new IllegalArgumentException(op + ": kernel " + Shapes.str(w.shapeRef()) + " (dilation " + Arrays.toString(dilation)
                        + ") does not fit input " + Shapes.str(x.shapeRef()) + " with padding " + Arrays.toString(padding));
        }
        ConvGeometry g = new ConvGeometry(n, c, co, groups, in, k, out, s3, p3, d3);
        Tensor y = ConvOps.forward(g, x.reshape(g.xShape()), w.reshape(g.wShape()), b);
        return y.reshape(unpad3(g.yShape(), spatial));
    }

    static Tensor convTransposeNd(String op, int spatial, Tensor x, Tensor w, Tensor b, int[] stride, int[] padding,
                                  int[] outputPadding, int[] dilation, int groups) {
        checkCommon(op, spatial, x, w, b, stride, padding, dilation, groups);
        checkLen(op, "output_padding", outputPadding, spatial);
        int n = x.size(0), cin = x.size(1), cout = w.size(1) * groups;
        if (cin != w.size(0))
            throw new IllegalArgumentException(op + ": input of shape " + Shapes.str(x.shapeRef()) + " has " + cin
                    + " channels but weight " + Shapes.str(w.shapeRef()) + " expects " + w.size(0) + " (weight is [Cin, Cout/groups, k...])");
        if (cin % groups != 0)
            throw new IllegalArgumentException(op + ": in channels " + cin + " must be divisible by groups=" + groups);
        checkBias(op, b, cout);
        for (int d = 0; d < spatial; d++)
            if (outputPadding[d] < 0 || (outputPadding[d] >= stride[d] && outputPadding[d] >= dilation[d]))
                throw new IllegalArgumentException(op + ": output_padding " + Arrays.toString(outputPadding)
                        + " must be smaller than stride " + Arrays.toString(stride) + " or dilation " + Arrays.toString(dilation));
        // the transposed conv is the adjoint of a conv from [n, cout, out] to [n, cin, in]
        int[] in = pad3(x.shapeRef(), spatial), k = pad3(w.shapeRef(), spatial), out = new int[3];
        int[] s3 = lift(stride, 1), p3 = lift(padding, 0), d3 = lift(dilation, 1), op3 = lift(outputPadding, 0);
        for (int d = 0; d < 3; d++) {
            out[d] = (in[d] - 1) * s3[d] - 2 * p3[d] + d3[d] * (k[d] - 1) + op3[d] + 1;
            if (out[d] <= 0)
                throw new IllegalArgumentException(op + ": output size would be " + out[d] + " for input " + Shapes.str(x.shapeRef())
                        + ", weight " + Shapes.str(w.shapeRef()) + ", padding " + Arrays.toString(padding));
        }
        ConvGeometry g = new ConvGeometry(n, cout, cin, groups, out, k, in, s3, p3, d3);
        Tensor y = ConvOps.inputGrad(g, x.reshape(g.yShape()), w.reshape(g.wShape()), b);
        return y.reshape(unpad3(g.xShape(), spatial));
    }

    private static void checkCommon(String op, int spatial, Tensor x, Tensor w, Tensor b, int[] stride, int[] padding, int[] dilation, int groups) {
        String dims = switch (spatial) { case 1 -> "[N, C, L]"; case 2 -> "[N, C, H, W]"; default -> "[N, C, D, H, W]"; };
        if (x.dim() != spatial + 2)
            throw new IllegalArgumentException(op + ": input of shape " + Shapes.str(x.shapeRef()) + " must be " + (spatial + 2) + "-D " + dims);
        if (w.dim() != spatial + 2)
            throw new IllegalArgumentException(op + ": weight of shape " + Shapes.str(w.shapeRef()) + " must be " + (spatial + 2) + "-D");
        DType dt = x.dtype();
        if ((dt != DType.FLOAT32 && dt != DType.FLOAT64) || w.dtype() != dt || (b != null && b.dtype() != dt))
            throw new IllegalArgumentException(op + ": input, weight and bias must share dtype float32 or float64, got "
                    + dt + ", " + w.dtype() + (b == null ? "" : ", " + b.dtype()));
        checkLen(op, "stride", stride, spatial);
        checkLen(op, "padding", padding, spatial);
        checkLen(op, "dilation", dilation, spatial);
        for (int d = 0; d < spatial; d++)
            if (stride[d] < 1 || dilation[d] < 1 || padding[d] < 0)
                throw new IllegalArgumentException(op + ": need stride >= 1, dilation >= 1, padding >= 0; got stride "
                        + Arrays.toString(stride) + ", padding " + Arrays.toString(padding) + ", dilation " + Arrays.toString(dilation));
        if (groups < 1) throw new IllegalArgumentException(op + ": groups must be >= 1, got " + groups);
        if (x.size(0) == 0 || x.size(1) == 0) throw new IllegalArgumentException(op + ": empty input of shape " + Shapes.str(x.shapeRef()));
    }

    private static void checkLen(String op, String name, int[] v, int spatial) {
        if (v == null || v.length != spatial)
            throw new IllegalArgumentException(op + ": " + name + " needs " + spatial + " value(s), got " + Arrays.toString(v));
    }

    private static void checkBias(String op, Tensor b, int channels) {
        if (b != null && (b.dim() != 1 || b.size(0) != channels))
            throw new IllegalArgumentException(op + ": bias of shape " + Shapes.str(b.shapeRef()) + " must be [" + channels + "]");
    }

    /** The last {@code spatial} dims of {@code shape}, left-filled with 1 to three dims. */
    private static int[] pad3(int[] shape, int spatial) {
        int[] r = {1, 1, 1};
        for (int d = 0; d < spatial; d++) r[3 - spatial + d] = shape[2 + d];
        return r;
    }

    private static int[] lift(int[] v, int fill) {
        int[] r = {fill, fill, fill};
        for (int d = 0; d < v.length; d++) r[3 - v.length + d] = v[d];
        return r;
    }

    private static int[] unpad3(int[] shape5, int spatial) {
        int[] r = new int[2 + spatial];
        r[0] = shape5[0];
        r[1] = shape5[1];
        for (int d = 0; d < spatial; d++) r[2 + d] = shape5[5 - spatial + d];
        return r;
    }
}
