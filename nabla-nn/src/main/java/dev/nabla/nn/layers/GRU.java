package dev.nabla.nn.layers;

import dev.nabla.nn.functional.Recurrent;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Gated recurrent unit, PyTorch's {@code nn.GRU}: gates r, z, n (rows of the stacked weights),
 * {@code n = tanh(W_in x + b_in + r·(W_hn h + b_hn))}, {@code h' = (1 - z)·n + z·h}.
 *
 * <p>Shape: input [T, B, I] ([B, T, I] with batchFirst); output [T, B, D·H]; h0, hN [L·D, B, H].
 */
public class GRU extends RecurrentBase {
    /** Output sequence and final state hN [L·D, B, H]. */
    public record Output(Tensor output, Tensor hN) {}

    public GRU(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, 1, true, false, 0, false, Generator.defaultGenerator()); }

    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional, Generator g) {
        super(new Recurrent.Config(Recurrent.Mode.GRU, inputSize, hiddenSize, numLayers, bidirectional, batchFirst, dropout), bias, g);
    }

    @Override public Tensor forward(Tensor x) { return forward(x, null, null).output(); }

    /** With initial state h0 (null = zeros) and per-row lengths (null = all T). Not modified. */
    public Output forward(Tensor x, Tensor h0, int[] lengths) {
        Recurrent.Result r = run(x, h0, null, lengths);
        return new Output(r.output(), r.hN());
    }
}
