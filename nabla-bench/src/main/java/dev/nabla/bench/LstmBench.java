package dev.nabla.bench;

import dev.nabla.autograd.GradMode;
import dev.nabla.backend.cpu.Parallel;
import dev.nabla.nn.layers.LSTM;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code lstm} workload of BENCHMARKS.md: single-layer LSTM, input 64, hidden 256, sequence 64,
 * batch 32, forward + backward + Adam step, float32. Args: {@code [iterations] [warmup]}.
 *
 * <p>The Adam step is done here over the raw parameter arrays (textbook Adam, lr 1e-3) because
 * {@code optim.Adam} is not on this branch yet; it costs well under 1% of a step.
 */
public final class LstmBench {
    private LstmBench() {}

    static final int INPUT = 64, HIDDEN = 256, SEQ = 64, BATCH = 32;
    static final String PYTORCH = "PyTorch 1.13 (2 threads, same machine): ~670-690 seq/s (1 thread: 425-471)";

    public static void run(PrintStream out, String[] args) {
        int iters = args.length > 0 ? Integer.parseInt(args[0]) : 10, warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Generator g = new Generator(0);
        LSTM lstm = new LSTM(INPUT, HIDDEN, 1, true, false, 0, false, g);
        Tensor x = g.normal(0, 1, SEQ, BATCH, INPUT), cot = g.normal(0, 1, SEQ, BATCH, HIDDEN);
        Adam adam = new Adam(lstm.parameters(), 1e-3);
        for (int i = 0; i < warmup; i++) step(lstm, x, cot, adam);
        double[] ms = new double[iters];
        for (int i = 0; i < iters; i++) {
            long t0 = System.nanoTime();
            step(lstm, x, cot, adam);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        double med = ms[iters / 2];
        out.printf("lstm (I=%d, H=%d, T=%d, B=%d; fwd+bwd+Adam, float32, %d threads): median %.1f ms/step [%.1f-%.1f] over %d steps%n",
                INPUT, HIDDEN, SEQ, BATCH, Parallel.threads(), med, ms[0], ms[iters - 1], iters);
        out.printf("  Nabla: %.0f sequences/s, %.0f tokens/s   |   %s%n", BATCH * 1000 / med, (double) BATCH * SEQ * 1000 / med, PYTORCH);
    }

    static void step(LSTM lstm, Tensor x, Tensor cot, Adam adam) {
        lstm.zeroGrad();
        Tensor y = lstm.forward(x, null, null).output();
        y.backward(cot);
        adam.step();
    }

    /** Plain Adam over float[] (bias-corrected, no weight decay), a stand-in until optim.Adam lands. */
    static final class Adam {
        final List<Tensor> params;
        final Map<Tensor, float[][]> state = new IdentityHashMap<>();
        final double lr;
        int t;

        Adam(List<Tensor> params, double lr) { this.params = params; this.lr = lr; }

        void step() {
            t++;
            double c1 = 1 - Math.pow(0.9, t), c2 = 1 - Math.pow(0.999, t);
            try (var ng = GradMode.noGrad()) {
                for (Tensor p : params) {
                    if (p.grad() == null) continue;
                    float[] w = p.storage().floats(), gr = p.grad().contiguous().toFloatArray();
                    float[][] mv = state.computeIfAbsent(p, k -> new float[][]{new float[k.numel()], new float[k.numel()]});
                    int o = p.offset();
                    for (int i = 0; i < gr.length; i++) {
                        float m = mv[0][i] = 0.9f * mv[0][i] + 0.1f * gr[i];
                        float v = mv[1][i] = 0.999f * mv[1][i] + 0.001f * gr[i] * gr[i];
                        w[o + i] -= (float) (lr * (m / c1) / (Math.sqrt(v / c2) + 1e-8));
                    }
                }
            }
        }
    }

    public static void main(String[] args) { run(System.out, args); }
}
