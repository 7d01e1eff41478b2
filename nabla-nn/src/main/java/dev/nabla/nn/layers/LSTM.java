package dev.nabla.nn.layers;

import dev.nabla.nn.functional.Recurrent;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Long short-term memory, PyTorch's {@code nn.LSTM}: gates i, f, g, o (rows of the stacked weights),
 * {@code c' = σ(f)·c + σ(i)·tanh(g)}, {@code h' = σ(o)·tanh(c')}.
 *
 * <p>Shape: input [T, B, I] ([B, T, I] with batchFirst); output [T, B, D·H] ([B, T, D·H]);
 * h0, c0, hN, cN [L·D, B, H] (also with batchFirst). D = 2 when bidirectional.
 *
 * <pre>{@code
 * LSTM lstm = new LSTM(64, 256, 1, true, false, 0.0, false, new Generator(0));
 * LSTM.Output o = lstm.forward(x, null, null);
 * }</pre>
 */
public class LSTM extends RecurrentBase {
    /** Output sequence and final states (hN, cN [L·D, B, H]). */
    public record Output(Tensor output, Tensor hN, Tensor cN) {}

    public LSTM(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, 1, true, false, 0, false, Generator.defaultGenerator()); }

    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional, Generator g) {
        super(new Recurrent.Config(Recurrent.Mode.LSTM, inputSize, hiddenSize, numLayers, bidirectional, batchFirst, dropout), bias, g);
    }

    /** The output sequence only (zero initial states). */
    @Override public Tensor forward(Tensor x) { return forward(x, null, null, null).output(); }

    /** With initial states h0, c0 (null = zeros). Not modified. */
    public Output forward(Tensor x, Tensor h0, Tensor c0) { return forward(x, h0, c0, null); }

    /**
     * With per-row sequence lengths (null = all T): outputs past a row's length are zero and its
     * final states are those at its last valid step.
     */
    public Output forward(Tensor x, Tensor h0, Tensor c0, int[] lengths) {
        Recurrent.Result r = run(x, h0, c0, lengths);
        return new Output(r.output(), r.hN(), r.cN());
    }
}
