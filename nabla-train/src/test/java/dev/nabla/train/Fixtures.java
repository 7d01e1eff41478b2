package dev.nabla.train;

import dev.nabla.nn.Module;
import dev.nabla.nn.layers.Linear;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** A small model, a small optimizer and a small data set, so the training API is tested on its own. */
public final class Fixtures {
    private Fixtures() {}

    /** 2 → hidden → classes with tanh. */
    public static final class Mlp extends Module {
        public final Linear fc1, fc2;

        public Mlp(int hidden, int classes, long seed) {
            Generator g = new Generator(seed);
            fc1 = new Linear(2, hidden, true, g);
            fc2 = new Linear(hidden, classes, true, g);
        }

        @Override public Tensor forward(Tensor x) { return fc2.forward(fc1.forward(x).tanh()); }
    }

    /** SGD with heavy-ball momentum: its momentum buffers live in the optimizer state, so checkpoints must carry them. */
    public static Optimizer sgd(List<Tensor> params, double lr, double momentum) {
        return new dev.nabla.optim.SGD(params, Map.of("lr", lr, "momentum", momentum));
    }

    /** Three Gaussian blobs in 2-D: inputs [n, 2] float32, labels [n] int64. */
    public static Tensor[] blobs(int n, long seed) {
        Generator g = new Generator(seed);
        float[] x = new float[2 * n];
        long[] y = new long[n];
        double[][] centers = {{-2, 0}, {2, 0}, {0, 2.5}};
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            y[i] = c;
            x[2 * i] = (float) (centers[c][0] + 0.7 * g.nextGaussian());
            x[2 * i + 1] = (float) (centers[c][1] + 0.7 * g.nextGaussian());
        }
        return new Tensor[]{Tensor.of(x, n, 2), Tensor.of(y, n)};
    }

    /** A compiled model on the blobs problem. */
    public static Model model(long seed) {
        Mlp net = new Mlp(16, 3, seed);
        Model m = new Model(net).seed(seed);
        m.compile(sgd(net.parameters(), 0.1, 0.9), Losses.crossEntropy(), new dev.nabla.train.metrics.Accuracy());
        return m;
    }
}
