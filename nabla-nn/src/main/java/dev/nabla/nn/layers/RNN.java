package dev.nabla.nn.layers;

import dev.nabla.nn.functional.Recurrent;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Elman RNN, PyTorch's {@code nn.RNN}: {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)} with act
 * tanh or relu.
 *
 * <p>Shape: input [T, B, I] ([B, T, I] with batchFirst); output [T, B, D·H]; h0, hN [L·D, B, H].
 */
public class RNN extends RecurrentBase {
    /** Output sequence and final state hN [L·D, B, H]. */
    public record Output(Tensor output, Tensor hN) {}

    public RNN(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, 1, "tanh", true, false, 0, false, Generator.defaultGenerator()); }

    /** @param nonlinearity "tanh" or "relu" */
    public RNN(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bias, boolean batchFirst, double dropout,
               boolean bidirectional, Generator g) {
        super(new Recurrent.Config(mode(nonlinearity), inputSize, hiddenSize, numLayers, bidirectional, batchFirst, dropout), bias, g);
    }

    private static Recurrent.Mode mode(String nonlinearity) {
        return switch (nonlinearity) {
            case "tanh" -> Recurrent.Mode.RNN_TANH;
            case "relu" -> Recurrent.Mode.RNN_RELU;
            default -> throw new IllegalArgumentException("RNN: nonlinearity must be \"tanh\" or \"relu\", got \"" + nonlinearity + "\"");
        };
    }

    @Override public Tensor forward(Tensor x) { return forward(x, null, null).output(); }

    /** With initial state h0 (null = zeros) and per-row lengths (null = all T). Not modified. */
    public Output forward(Tensor x, Tensor h0, int[] lengths) {
        Recurrent.Result r = run(x, h0, null, lengths);
        return new Output(r.output(), r.hN());
    }
}
