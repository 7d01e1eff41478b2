package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.functional.Pool;
import dev.nabla.tensor.Tensor;

/** Average pooling to a fixed output size. Shape: [N, C, H, W] to [N, C, outH, outW]. */
public class AdaptiveAvgPool2d extends Module {
    public final int outH, outW;

    public AdaptiveAvgPool2d(int outH, int outW) {
        this.outH = outH;
        this.outW = outW;
    }

    @Override public Tensor forward(Tensor x) { return Pool.adaptiveAvgPool2d(x, outH, outW); }

    @Override protected String extraRepr() { return "output=[" + outH + ", " + outW + "]"; }
}
