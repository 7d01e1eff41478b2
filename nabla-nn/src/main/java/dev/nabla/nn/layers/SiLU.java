package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.functional.Activation;
import dev.nabla.tensor.Tensor;

/** x·σ(x). Shape: unchanged. */
public class SiLU extends Module {

    @Override public Tensor forward(Tensor x) { return Activation.silu(x); }
}
