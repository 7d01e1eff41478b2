package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.functional.Pool;
import dev.nabla.tensor.Tensor;

/** Max over the spatial dims. Shape: [N, C, H, W] to [N, C]. */
public class GlobalMaxPool2d extends Module {
    @Override public Tensor forward(Tensor x) { return Pool.globalMaxPool2d(x); }
}
