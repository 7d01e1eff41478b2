package dev.nabla.bench.compare;

import dev.nabla.autograd.GradMode;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.functional.Losses;
import dev.nabla.nn.layers.Conv2d;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.LSTM;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.MaxPool2d;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.nn.layers.Tanh;
import dev.nabla.nn.layers.TransformerEncoderLayer;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/** The workloads in Nabla: nn layers, the fused cross-entropy, optim's SGD / Adam. */
public final class NablaFramework implements Framework {
    static final long SEED = 42;

    @Override public String name() { return Report.NABLA; }

    @Override public Trial open(Workload w, Setup s) {
        return switch (w) {
            case SGEMM -> sgemm(Workload.SGEMM_N);
            case MLP -> mlpTrial(s);
            case CNN -> cnnTrial(s);
            case TINY_FORWARD -> tinyForward();
            case TINY_TRAIN -> tinyTrain();
            case LSTM -> lstm();
            case TRANSFORMER -> transformer();
            case STARTUP, MEMORY -> null; // measured by launching StartupProbe / MemoryProbe, not in this JVM
        };
    }

    private static Trial mlpTrial(Setup s) {
        Generator g = new Generator(SEED);
        Module mlp = new Sequential(new Linear(784, 512, true, g), new ReLU(), new Linear(512, 256, true, g), new ReLU(), new Linear(256, 10, true, g));
        return Trials.perEpoch(s.train(), s.quick(), SEED, trainer(mlp, new SGD(mlp.parameters(), Map.of("lr", 0.05, "momentum", 0.9))));
    }

    /** Pool before ReLU: same model as the peers' conv-ReLU-pool (they commute, see Models.cnn in nabla-cli), ReLU on 4x fewer cells. */
    static Module cnn(Generator g) {
        int[] k5 = {5, 5}, one = {1, 1}, pad2 = {2, 2};
        return new Sequential(
                new Conv2d(1, 32, k5, one, pad2, one, 1, true, g), new MaxPool2d(2), new ReLU(),
                new Conv2d(32, 64, k5, one, pad2, one, 1, true, g), new MaxPool2d(2), new ReLU(),
                new Flatten(), new Linear(3136, 512, true, g), new ReLU(), new Linear(512, 10, true, g));
    }

    private Trial cnnTrial(Setup s) {
        Module net = cnn(new Generator(SEED));
        return Trials.imagesPerSecond(s.train(), 10, s.quick() ? 5 : 10, SEED, trainer(net, new Adam(net.parameters(), 1e-3)));
    }

    /** One step: forward, fused softmax cross-entropy, backward, optimizer step. */
    static Trials.Stepper trainer(Module net, Optimizer opt) {
        boolean conv = net instanceof Sequential sq && sq.get(0) instanceof Conv2d;
        return b -> {
            Tensor x = conv ? Tensor.wrap(b.images(), b.n(), 1, 28, 28) : Tensor.wrap(b.images(), b.n(), FashionData.PIXELS);
            long[] y = new long[b.n()];
            for (int i = 0; i < y.length; i++) y[i] = b.labels()[i];
            opt.zeroGrad();
            Tensor loss = Losses.crossEntropy(net.forward(x), Tensor.of(y, y.length));
            loss.backward();
            opt.step();
            return (float) loss.item();
        };
    }

    @Override public float firstCnnLoss(FashionData data) {
        Module net = cnn(new Generator(SEED));
        return trainer(net, new Adam(net.parameters(), 1e-3)).step(data.new Batches(128, SEED).next());
    }

    private static Trial sgemm(int n) {
        Generator g = new Generator(SEED);
        Tensor a = g.normal(0, 1, n, n), b = g.normal(0, 1, n, n);
        return Trials.timed(3, 5, () -> a.matmul(b), sec -> 2.0 * n * n * n / sec / 1e9, null);
    }

    private static Module tiny(Generator g) {
        return new Sequential(new Linear(4, 16, true, g), new Tanh(), new Linear(16, 16, true, g), new Tanh(), new Linear(16, 1, true, g));
    }

    private static Trial tinyForward() {
        Module net = tiny(new Generator(SEED));
        Tensor x = Tensor.of(new float[]{0.1f, -0.2f, 0.3f, 0.4f}, 1, 4);
        return Trials.microsPerCall(10_000, 2_000, () -> {
            try (var ng = GradMode.noGrad()) { net.forward(x); }
        }, null);
    }

    private static Trial tinyTrain() {
        Module net = tiny(new Generator(SEED));
        SGD opt = new SGD(net.parameters(), 0.01);
        Tensor x = Tensor.of(new float[]{0.1f, -0.2f, 0.3f, 0.4f}, 1, 4), y = Tensor.of(new float[]{0.5f}, 1, 1);
        return Trials.microsPerCall(10_000, 2_000, () -> {
            opt.zeroGrad();
            Losses.mse(net.forward(x), y).backward();
            opt.step();
        }, null);
    }

    static final int LSTM_IN = 64, LSTM_HIDDEN = 256, LSTM_SEQ = 64, LSTM_BATCH = 32;

    private static Trial lstm() {
        Generator g = new Generator(SEED);
        LSTM lstm = new LSTM(LSTM_IN, LSTM_HIDDEN, 1, true, false, 0, false, g);
        Tensor x = g.normal(0, 1, LSTM_SEQ, LSTM_BATCH, LSTM_IN), cot = g.normal(0, 1, LSTM_SEQ, LSTM_BATCH, LSTM_HIDDEN);
        Adam adam = new Adam(lstm.parameters(), 1e-3);
        return Trials.timed(3, 3, () -> {
            adam.zeroGrad();
            lstm.forward(x, null, null).output().backward(cot);
            adam.step();
        }, sec -> LSTM_BATCH / sec, null);
    }

    static final int TF_D = 256, TF_HEADS = 4, TF_FF = 1024, TF_SEQ = 128, TF_BATCH = 16;

    private static Trial transformer() {
        Generator g = new Generator(SEED);
        var layer = new TransformerEncoderLayer(TF_D, TF_HEADS, TF_FF, 0.0, "relu", 1e-5, true, false, g);
        layer.train();
        Tensor x = g.normal(0, 1, TF_BATCH, TF_SEQ, TF_D).requiresGrad(true), cot = g.normal(0, 1, TF_BATCH, TF_SEQ, TF_D);
        return Trials.timed(2, 3, () -> {
            layer.zeroGrad();
            x.zeroGrad();
            layer.forward(x).backward(cot);
        }, sec -> sec * 1e3, null);
    }
}
