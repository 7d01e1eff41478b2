package dev.nabla.cli;

import dev.nabla.autograd.GradMode;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Conv2d;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.Embedding;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.LSTM;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.MaxPool2d;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.nn.layers.BatchNorm2d;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the module a config's {@code model} section describes. */
final class Models {
    private Models() {}

    /**
     * @param cfg     {@code {type: mlp|cnn|char-lstm, ...}}
     * @param classes output classes (vocabulary size for char-lstm)
     */
    static Module build(Map<String, Object> cfg, int classes) {
        String type = RunConfig.str(cfg, "type", "");
        return switch (type) {
            case "mlp" -> mlp(RunConfig.ints(cfg, "hidden", 512, 256), RunConfig.num(cfg, "dropout", 0), RunConfig.integer(cfg, "inputs", 784), classes);
            case "cnn" -> cnn(RunConfig.ints(cfg, "channels", 32, 64), RunConfig.integer(cfg, "kernel", 5), RunConfig.integer(cfg, "hidden", 512),
                    RunConfig.num(cfg, "dropout", 0), Boolean.TRUE.equals(cfg.get("batchnorm")), RunConfig.integer(cfg, "image", 28), classes);
            case "char-lstm" -> new CharLstm(classes, RunConfig.integer(cfg, "embedding", 64), RunConfig.integer(cfg, "hidden", 256),
                    RunConfig.integer(cfg, "layers", 1));
            default -> throw new IllegalArgumentException("unknown model type '" + type + "' (valid: mlp, cnn, char-lstm)");
        };
    }

    static Module mlp(int[] hidden, double dropout, int inputs, int classes) {
        List<Module> layers = new ArrayList<>();
        layers.add(new Flatten());
        int in = inputs;
        for (int h : hidden) {
            layers.add(new Linear(in, h));
            layers.add(new ReLU());
            if (dropout > 0) layers.add(new Dropout(dropout));
            in = h;
        }
        layers.add(new Linear(in, classes));
        return new Sequential(layers);
    }

    /**
     * conv(k×k, pad k/2)-[bn]-ReLU-maxpool2 per channel count, then dense hidden-ReLU-[dropout]-dense.
     * Built as conv-[bn]-maxpool2-ReLU: the same values and gradients (ReLU is monotone so it commutes
     * with max, and relu'(x <= 0) = 0 where the pools pick different cells; PoolReluOrderTest) with the
     * ReLU on 4x fewer cells. The pool and ReLU hold no state, so checkpoints are unchanged.
     */
    static Module cnn(int[] channels, int kernel, int hidden, double dropout, boolean batchnorm, int image, int classes) {
        List<Module> layers = new ArrayList<>();
        int in = 1, size = image;
        for (int c : channels) {
            layers.add(new Conv2d(in, c, kernel, 1, kernel / 2));
            if (batchnorm) layers.add(new BatchNorm2d(c));
            layers.add(new MaxPool2d(2));
            layers.add(new ReLU());
            in = c;
            size /= 2;
        }
        layers.add(new Flatten());
        layers.add(new Linear(in * size * size, hidden));
        layers.add(new ReLU());
        if (dropout > 0) layers.add(new Dropout(dropout));
        layers.add(new Linear(hidden, classes));
        return new Sequential(layers);
    }

    /**
     * Character language model: embedding → LSTM → linear over the vocabulary.
     * Shape: input [N, T] int64 character ids; output [N·T, V] logits of the next character.
     */
    static final class CharLstm extends Module {
        final Embedding embed;
        final LSTM lstm;
        final Linear head;
        final int vocab;

        CharLstm(int vocab, int embedding, int hidden, int layers) {
            this.vocab = vocab;
            embed = new Embedding(vocab, embedding);
            lstm = new LSTM(embedding, hidden, layers, true, true, 0, false, Generator.defaultGenerator());
            head = new Linear(hidden, vocab);
        }

        @Override public Tensor forward(Tensor x) {
            Tensor h = lstm.forward(embed.forward(x));
            return head.forward(h.reshape(-1, h.size(2)));
        }

        /** Continues {@code prompt} (ids) by {@code length} characters sampled at {@code temperature}. */
        int[] generate(int[] prompt, int length, double temperature, Generator g) {
            boolean was = isTraining();
            eval();
            int[] out = new int[length];
            try (var ng = GradMode.noGrad()) {
                long[] p = new long[prompt.length];
                for (int i = 0; i < p.length; i++) p[i] = prompt[i];
                LSTM.Output o = lstm.forward(embed.forward(Tensor.of(p, 1, p.length)), null, null);
                Tensor h = o.hN(), c = o.cN();
                Tensor last = o.output().select(1, p.length - 1);
                for (int k = 0; k < length; k++) {
                    float[] logits = head.forward(last).toFloatArray();
                    int next = sample(logits, temperature, g);
                    out[k] = next;
                    o = lstm.forward(embed.forward(Tensor.of(new long[]{next}, 1, 1)), h, c);
                    h = o.hN();
                    c = o.cN();
                    last = o.output().select(1, 0);
                }
            } finally {
                train(was);
            }
            return out;
        }

        private static int sample(float[] logits, double temperature, Generator g) {
            double max = Double.NEGATIVE_INFINITY;
            for (float v : logits) max = Math.max(max, v);
            double[] p = new double[logits.length];
            double sum = 0;
            for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp((logits[i] - max) / temperature);
            double u = g.nextDouble() * sum;
            for (int i = 0; i < p.length; i++) if ((u -= p[i]) <= 0) return i;
            return p.length - 1;
        }
    }
}
