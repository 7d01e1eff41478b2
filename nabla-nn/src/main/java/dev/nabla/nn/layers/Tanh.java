package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.functional.Activation;
import dev.nabla.tensor.Tensor;

/** tanh(x). Shape: unchanged. */
public class Tanh extends Module {

    @Override public Tensor forward(Tensor x) { return Activation.tanh(x); }
}
