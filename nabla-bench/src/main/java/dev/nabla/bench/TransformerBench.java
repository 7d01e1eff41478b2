package dev.nabla.bench;

import dev.nabla.backend.cpu.Parallel;
import dev.nabla.nn.layers.TransformerEncoderLayer;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The {@code transformer} workload of BENCHMARKS.md: one encoder block, d_model 256, 4 heads,
 * feed-forward 1024, sequence 128, batch 16, forward + backward, float32 (post-norm, relu).
 * Args: {@code [iterations] [warmup] [dropout]} (dropout 0 by default: it measures the block's math).
 */
public final class TransformerBench {
    private TransformerBench() {}

    static final int D_MODEL = 256, HEADS = 4, FF = 1024, SEQ = 128, BATCH = 16;
    static final String PYTORCH = "PyTorch 1.13 (1 thread, same machine): 137 ms/step";

    public static void run(PrintStream out, String[] args) {
        int iters = args.length > 0 ? Integer.parseInt(args[0]) : 10, warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        double dropout = args.length > 2 ? Double.parseDouble(args[2]) : 0.0;
        Generator g = new Generator(0);
        var layer = new TransformerEncoderLayer(D_MODEL, HEADS, FF, dropout, "relu", 1e-5, true, false, g);
        layer.train();
        Tensor x = g.normal(0, 1, BATCH, SEQ, D_MODEL).requiresGrad(true), cot = g.normal(0, 1, BATCH, SEQ, D_MODEL);
        for (int i = 0; i < warmup; i++) step(layer, x, cot);
        double[] ms = new double[iters];
        for (int i = 0; i < iters; i++) {
            long t0 = System.nanoTime();
            step(layer, x, cot);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        out.printf("transformer encoder block (d=%d, heads=%d, ff=%d, T=%d, B=%d, dropout=%.2f; fwd+bwd, float32, %d threads): median %.1f ms/step [%.1f-%.1f] over %d steps%n",
                D_MODEL, HEADS, FF, SEQ, BATCH, dropout, Parallel.threads(), ms[iters / 2], ms[0], ms[iters - 1], iters);
        out.printf("  %s%n", PYTORCH);
    }

    static void step(TransformerEncoderLayer layer, Tensor x, Tensor cot) {
        layer.zeroGrad();
        x.zeroGrad();
        layer.forward(x).backward(cot);
    }

    public static void main(String[] args) { run(System.out, args); }
}
