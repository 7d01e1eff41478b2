package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.nn.functional.Activation;
import dev.nabla.tensor.Tensor;

/** 1/(1 + e^(−x)). Shape: unchanged. */
public class Sigmoid extends Module {

    @Override public Tensor forward(Tensor x) { return Activation.sigmoid(x); }
}
