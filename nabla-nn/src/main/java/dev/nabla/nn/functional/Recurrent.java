package dev.nabla.nn.functional;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.util.List;

/**
 * Functional recurrent networks: multi-layer, optionally bidirectional Elman RNN (tanh/relu), LSTM
 * and GRU, with PyTorch's gate orders, shapes and parameter layout.
 *
 * <p>float32 inputs run the fused kernel (one autograd node per layer and direction, no double
 * backward); other floating dtypes run a composed step-by-step path that supports double backward.
 *
 * <pre>{@code
 * var cfg = new Recurrent.Config(Recurrent.Mode.LSTM, 8, 16, 2, true, false, 0.0);
 * Recurrent.Result r = Recurrent.forward(cfg, x, null, null, weights, null, false, null);
 * }</pre>
 */
public final class Recurrent {
    private Recurrent() {}

    /** The cell; {@link #gates()} blocks of H rows are stacked in the weights (LSTM i,f,g,o; GRU r,z,n). */
    public enum Mode {
        RNN_TANH(1, "rnn_tanh"), RNN_RELU(1, "rnn_relu"), LSTM(4, "lstm"), GRU(3, "gru");
        private final int gates;
        private final String opName;
        Mode(int gates, String opName) { this.gates = gates; this.opName = opName; }
        public int gates() { return gates; }
        public String opName() { return opName; }
    }

    /** Which implementation runs a layer: AUTO picks the fused kernel for float32. */
    public enum Impl { AUTO, FUSED, COMPOSED }

    /** Hyperparameters of a stack; {@code dropout} applies to the outputs of every layer but the last, in training. */
    public record Config(Mode mode, int inputSize, int hiddenSize, int numLayers, boolean bidirectional, boolean batchFirst, double dropout) {
        public Config {
            if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0)
                throw new IllegalArgumentException(mode.opName + ": inputSize, hiddenSize and numLayers must be positive, got "
                        + inputSize + ", " + hiddenSize + ", " + numLayers);
            if (!(dropout >= 0 && dropout < 1))
                throw new IllegalArgumentException(mode.opName + ": dropout must be in [0, 1), got " + dropout);
        }
        public int directions() { return bidirectional ? 2 : 1; }
    }

    /** Weights of one layer and direction: [G·H, in], [G·H, H], [G·H] (biases may be null). */
    public record LayerWeights(Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) {}

    /**
     * Output [T, B, D·H] ([B, T, D·H] with batchFirst), final states hN and cN [L·D, B, H]
     * (cN is null except for LSTM). Rows are ordered layer by layer, forward direction first.
     */
    public record Result(Tensor output, Tensor hN, Tensor cN) {}

    /** {@link #forward(Config, Tensor, Tensor, Tensor, List, int[], boolean, Generator, Impl)} with {@link Impl#AUTO}. */
    public static Result forward(Config cfg, Tensor x, Tensor h0, Tensor c0, List<LayerWeights> weights,
                                 int[] lengths, boolean training, Generator gen) {
        return forward(cfg, x, h0, c0, weights, lengths, training, gen, Impl.AUTO);
    }

    /**
     * Runs the stack.
     *
     * @param x       [T, B, I], or [B, T, I] with batchFirst (not modified)
     * @param h0      [L·D, B, H] or null for zeros (not modified); c0 likewise, LSTM only
     * @param weights L·D entries, index layer·D + direction (not modified)
     * @param lengths per-row valid lengths in [0, T], or null when every row has length T: outputs past a
     *                row's length are zero and its final state is taken at its last valid step
     * @param gen     draws the inter-layer dropout masks (used only in training with dropout &gt; 0)
     */
    public static Result forward(Config cfg, Tensor x, Tensor h0, Tensor c0, List<LayerWeights> weights,
                                 int[] lengths, boolean training, Generator gen, Impl impl) {
        String op = cfg.mode.opName;
        check(cfg, x, h0, c0, weights, lengths);
        boolean fused = switch (impl) {
            case AUTO -> x.dtype() == DType.FLOAT32;
            case COMPOSED -> false;
            case FUSED -> {
                if (x.dtype() != DType.FLOAT32)
                    throw new IllegalArgumentException(op + ": the fused kernel takes float32, got " + x.dtype());
                yield true;
            }
        };
        int L = cfg.numLayers, D = cfg.directions();
        Tensor seq = cfg.batchFirst ? x.transpose(0, 1) : x;
        Tensor[] hN = new Tensor[L * D], cN = new Tensor[L * D];
        for (int l = 0; l < L; l++) {
            Tensor[] outs = new Tensor[D];
            for (int d = 0; d < D; d++) {
                int k = l * D + d;
                LayerWeights w = weights.get(k);
                Tensor h0k = h0 == null ? null : h0.select(0, k), c0k = c0 == null ? null : c0.select(0, k);
                Tensor[] r = fused
                        ? RecurrentFused.run(cfg.mode, seq, h0k, c0k, w.weightIh, w.weightHh, w.biasIh, w.biasHh, lengths, d == 1)
                        : RecurrentReference.run(cfg.mode, seq, h0k, c0k, w.weightIh, w.weightHh, w.biasIh, w.biasHh, lengths, d == 1);
                outs[d] = r[0];
                hN[k] = r[1];
                cN[k] = r[2];
            }
            seq = D == 1 ? outs[0] : Tensor.cat(2, outs);
            if (training && cfg.dropout > 0 && l < L - 1) seq = seq.mul(dropoutMask(seq, cfg.dropout, gen));
        }
        Tensor output = cfg.batchFirst ? seq.transpose(0, 1) : seq;
        return new Result(output, Tensor.stack(0, hN), cfg.mode == Mode.LSTM ? Tensor.stack(0, cN) : null);
    }

    /** Kept elements scaled by 1/(1-p) so the expected value is unchanged. */
    private static Tensor dropoutMask(Tensor like, double p, Generator gen) {
        Generator g = gen != null ? gen : Generator.defaultGenerator();
        return g.bernoulli(Tensor.full(1 - p, like.dtype(), like.shapeRef())).div(1 - p);
    }

    /**
     * Per-row lengths from a validity mask [B, T] ([T, B] when {@code timeFirst}), true = a real step.
     * Each row's true entries must form a prefix (padding only at the end).
     */
    public static int[] lengthsFromMask(Tensor mask, boolean timeFirst) {
        if (mask.dtype() != DType.BOOL || mask.dim() != 2)
            throw new IllegalArgumentException("lengthsFromMask: mask must be a 2-D bool tensor, got " + mask.dtype() + " " + Shapes.str(mask.shapeRef()));
        Tensor m = timeFirst ? mask.t() : mask;
        int B = m.size(0), T = m.size(1);
        boolean[] v = m.contiguous().toBoolArray();
        int[] len = new int[B];
        for (int b = 0; b < B; b++) {
            int n = 0;
            while (n < T && v[b * T + n]) n++;
            for (int t = n; t < T; t++)
                if (v[b * T + t])
                    throw new IllegalArgumentException("lengthsFromMask: row " + b + " has a valid step " + t + " after padding at step " + n
                            + "; only trailing padding is supported");
            len[b] = n;
        }
        return len;
    }

    private static void check(Config cfg, Tensor x, Tensor h0, Tensor c0, List<LayerWeights> weights, int[] lengths) {
        String op = cfg.mode.opName;
        if (x.dim() != 3 || x.size(2) != cfg.inputSize)
            throw new IllegalArgumentException(op + ": input of shape " + Shapes.str(x.shapeRef()) + " must be 3-D "
                    + (cfg.batchFirst ? "[B, T, " : "[T, B, ") + cfg.inputSize + "]");
        if (!x.dtype().isFloating())
            throw new IllegalArgumentException(op + ": input must be floating point, got " + x.dtype());
        int LD = cfg.numLayers * cfg.directions(), B = x.size(cfg.batchFirst ? 0 : 1), T = x.size(cfg.batchFirst ? 1 : 0);
        int H = cfg.hiddenSize, GH = cfg.mode.gates * H;
        int[] state = {LD, B, H};
        if (h0 != null && !Shapes.equal(h0.shapeRef(), state))
            throw new IllegalArgumentException(op + ": h0 of shape " + Shapes.str(h0.shapeRef()) + " must be " + Shapes.str(state) + " [layers·directions, B, H]");
        if (c0 != null && cfg.mode != Mode.LSTM)
            throw new IllegalArgumentException(op + ": c0 is only for LSTM");
        if (c0 != null && !Shapes.equal(c0.shapeRef(), state))
            throw new IllegalArgumentException(op + ": c0 of shape " + Shapes.str(c0.shapeRef()) + " must be " + Shapes.str(state) + " [layers·directions, B, H]");
        if (weights.size() != LD)
            throw new IllegalArgumentException(op + ": expected " + LD + " layer weights (layers·directions), got " + weights.size());
        for (int k = 0; k < LD; k++) {
            LayerWeights w = weights.get(k);
            int in = k < cfg.directions() ? cfg.inputSize : cfg.directions() * H;
            checkShape(op, "weight_ih of layer-direction " + k, w.weightIh, GH, in);
            checkShape(op, "weight_hh of layer-direction " + k, w.weightHh, GH, H);
            if (w.biasIh != null) checkShape(op, "bias_ih of layer-direction " + k, w.biasIh, GH);
            if (w.biasHh != null) checkShape(op, "bias_hh of layer-direction " + k, w.biasHh, GH);
            if (w.weightIh.dtype() != x.dtype() || w.weightHh.dtype() != x.dtype())
                throw new IllegalArgumentException(op + ": weights of layer-direction " + k + " are " + w.weightIh.dtype() + " but the input is " + x.dtype());
        }
        if (lengths != null) {
            if (lengths.length != B)
                throw new IllegalArgumentException(op + ": " + lengths.length + " lengths for a batch of " + B);
            for (int b = 0; b < B; b++)
                if (lengths[b] < 0 || lengths[b] > T)
                    throw new IllegalArgumentException(op + ": length " + lengths[b] + " of row " + b + " is outside [0, " + T + "]");
        }
    }

    private static void checkShape(String op, String what, Tensor t, int... shape) {
        if (t == null || !Shapes.equal(t.shapeRef(), shape))
            throw new IllegalArgumentException(op + ": " + what + " has shape " + (t == null ? "null" : Shapes.str(t.shapeRef()))
                    + ", expected " + Shapes.str(shape));
    }
}
