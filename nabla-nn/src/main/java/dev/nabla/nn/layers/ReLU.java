package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.functional.Activation;
import dev.nabla.tensor.Tensor;

/** max(x, 0). Shape: unchanged. */
public class ReLU extends Module {

    @Override public Tensor forward(Tensor x) { return Activation.relu(x); }
}
