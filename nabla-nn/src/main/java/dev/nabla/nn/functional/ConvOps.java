package dev.nabla.nn.functional;

import dev.nabla.autograd.Autograd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

/**
 * The three differentiable convolution primitives on 5-D tensors, each one autograd node whose
 * backward is written with the other two, so gradients of gradients work:
 * <ul>
 *   <li>{@code forward(x, w, b)}: X to Y. Grads: x ← inputGrad(g, w), w ← weightGrad(x, g), b ← Σg.</li>
 *   <li>{@code inputGrad(y, w, b)}: Y to X, the adjoint of forward (= transposed convolution).
 *       Grads: y ← forward(g, w), w ← weightGrad(g, y), b ← Σg.</li>
 *   <li>{@code weightGrad(x, y)}: the weight gradient, bilinear in x and y.
 *       Grads: x ← inputGrad(y, g), y ← forward(x, g).</li>
 * </ul>
 * The adjoint identities ⟨forward(x,w), y⟩ = ⟨x, inputGrad(y,w)⟩ = ⟨w, weightGrad(x,y)⟩ give all six rules.
 */
final class ConvOps {
    private ConvOps() {}

    static Tensor forward(ConvGeometry g, Tensor x, Tensor w, Tensor b) {
        ConvGeometry gg = g.withBatch(x.size(0));
        Tensor y = Tensor.empty(x.dtype(), gg.yShape());
        Tensor xc = x.contiguous(), wc = w.contiguous(), bc = b == null ? null : b.contiguous();
        if (x.dtype() == DType.FLOAT32) {
            ConvKernels.forward(gg, xc.storage().floats(), xc.offset(), wc.storage().floats(), wc.offset(),
                    bc == null ? null : bc.storage().floats(), bc == null ? 0 : bc.offset(), y.storage().floats());
        } else {
            double[] yd = y.storage().doubles();
            ConvKernels.reference(gg, ConvKernels.Mode.FORWARD, xc.storage().doubles(), xc.offset(), wc.storage().doubles(), wc.offset(), yd, 0);
            addBias(yd, bc, gg.co(), gg.outVolume());
        }
        if (Autograd.needs(x, w, b))
            Autograd.record("conv", y, gy -> new Tensor[]{
                    x.requiresGrad() ? inputGrad(gg, gy, w, null) : null,
                    w.requiresGrad() ? weightGrad(gg, x, gy) : null,
                    b != null && b.requiresGrad() ? biasGrad(gy) : null}, x, w, b).saveForBackward(x, w);
        return y;
    }

    static Tensor inputGrad(ConvGeometry g, Tensor y, Tensor w, Tensor b) {
        ConvGeometry gg = g.withBatch(y.size(0));
        Tensor x = Tensor.empty(y.dtype(), gg.xShape());
        Tensor yc = y.contiguous(), wc = w.contiguous();
        if (y.dtype() == DType.FLOAT32) {
            ConvKernels.inputGrad(gg, yc.storage().floats(), yc.offset(), wc.storage().floats(), wc.offset(), x.storage().floats());
            if (b != null) {
                Tensor bc = b.contiguous();
                float[] xf = x.storage().floats(), bf = bc.storage().floats();
                int s = gg.inVolume();
                for (int n = 0; n < gg.n(); n++)
                    for (int c = 0; c < gg.c(); c++) {
                        float v = bf[bc.offset() + c];
                        int base = (n * gg.c() + c) * s;
                        for (int i = 0; i < s; i++) xf[base + i] += v;
                    }
            }
        } else {
            double[] xd = x.storage().doubles();
            ConvKernels.reference(gg, ConvKernels.Mode.INPUT_GRAD, xd, 0, wc.storage().doubles(), wc.offset(), yc.storage().doubles(), yc.offset());
            addBias(xd, b == null ? null : b.contiguous(), gg.c(), gg.inVolume());
        }
        if (Autograd.needs(y, w, b))
            Autograd.record("conv_input_grad", x, gx -> new Tensor[]{
                    y.requiresGrad() ? forward(gg, gx, w, null) : null,
                    w.requiresGrad() ? weightGrad(gg, gx, y) : null,
                    b != null && b.requiresGrad() ? biasGrad(gx) : null}, y, w, b).saveForBackward(y, w);
        return x;
    }

    static Tensor weightGrad(ConvGeometry g, Tensor x, Tensor y) {
        ConvGeometry gg = g.withBatch(x.size(0));
        Tensor w = Tensor.empty(x.dtype(), gg.wShape());
        Tensor xc = x.contiguous(), yc = y.contiguous();
        if (x.dtype() == DType.FLOAT32)
            ConvKernels.weightGrad(gg, xc.storage().floats(), xc.offset(), yc.storage().floats(), yc.offset(), w.storage().floats());
        else
            ConvKernels.reference(gg, ConvKernels.Mode.WEIGHT_GRAD, xc.storage().doubles(), xc.offset(), w.storage().doubles(), 0, yc.storage().doubles(), yc.offset());
        if (Autograd.needs(x, y))
            Autograd.record("conv_weight_grad", w, gw -> new Tensor[]{
                    x.requiresGrad() ? inputGrad(gg, y, gw, null) : null,
                    y.requiresGrad() ? forward(gg, x, gw, null) : null}, x, y).saveForBackward(x, y);
        return w;
    }

    /**
     * Σ over batch and space of a 5-D gradient: [n, ch, d, h, w] to [ch]. float32 sums each plane
     * with vector lanes (the generic reduction is several times slower here); its backward
     * broadcasts the gradient back, so it stays differentiable.
     */
    static Tensor biasGrad(Tensor g) {
        if (g.dtype() != DType.FLOAT32) return g.sum(new int[]{0, 2, 3, 4}, false);
        Tensor gc = g.contiguous();
        int n = g.size(0), ch = g.size(1), vol = g.size(2) * g.size(3) * g.size(4);
        float[] gf = gc.storage().floats();
        double[] acc = new double[ch];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < ch; c++) acc[c] += VecSums.sum(gf, gc.offset() + (i * ch + c) * vol, vol);
        Tensor out = Tensor.of(acc, ch).toFloat();
        int[] shape = g.shape();
        if (Autograd.needs(g))
            Autograd.record("conv_bias_grad", out, gg -> new Tensor[]{gg.reshape(1, ch, 1, 1, 1).expand(shape).contiguous()}, g);
        return out;
    }

    private static void addBias(double[] out, Tensor b, int channels, int volume) {
        if (b == null) return;
        double[] bd = b.storage().doubles();
        for (int base = 0, ch = 0; base < out.length; base += volume, ch = (ch + 1) % channels) {
            double v = bd[b.offset() + ch];
            for (int i = 0; i < volume; i++) out[base + i] += v;
        }
    }
}
