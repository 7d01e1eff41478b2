package dev.nabla.bench;

import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Conv2d;
import dev.nabla.nn.layers.MaxPool2d;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The two conv blocks of the Compare cnn model (conv5×5(32) and conv5×5(64), batch 128, 28×28), forward +
 * backward, built conv-ReLU-maxpool and conv-maxpool-ReLU (the same model: see PoolReluOrderTest). The two
 * orders alternate in one JVM, so both see the same load. Prints the bytes allocated per step and ms per step
 * (median, min-max).
 *
 * <p>Args: {@code [samples]} (default 20; each sample is 3 steps).
 */
public final class PoolReluBench {
    private PoolReluBench() {}

    public static void main(String[] args) { run(System.out, args); }

    public static void run(PrintStream out, String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Tensor x = new Generator(2).normal(0, 1, 128, 1, 28, 28), cot = new Generator(3).normal(0, 1, 128, 64, 7, 7);
        Module reluPool = blocks(false), poolRelu = blocks(true);
        for (int w = 0; w < 5; w++) { time(reluPool, x, cot, 2); time(poolRelu, x, cot, 2); }
        // total over all threads: the pool and conv kernels run on Parallel's workers
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (Module m : new Module[]{reluPool, poolRelu}) {
            long b0 = mx.getTotalThreadAllocatedBytes();
            time(m, x, cot, 10);
            out.printf("%s: %.1f MB allocated per fwd+bwd%n", m == reluPool ? "relu-pool" : "pool-relu",
                    (mx.getTotalThreadAllocatedBytes() - b0) / 10 / 1e6);
        }
        double[] a = new double[n], b = new double[n];
        for (int i = 0; i < n; i++) { a[i] = time(reluPool, x, cot, 3); b[i] = time(poolRelu, x, cot, 3); }
        Arrays.sort(a);
        Arrays.sort(b);
        out.printf("ms per fwd+bwd: relu-pool %.1f [%.1f-%.1f]  pool-relu %.1f [%.1f-%.1f]%n",
                a[n / 2], a[0], a[n - 1], b[n / 2], b[0], b[n - 1]);
    }

    private static Module blocks(boolean poolFirst) {
        Generator g = new Generator(1);
        int[] k5 = {5, 5}, one = {1, 1}, pad2 = {2, 2};
        Conv2d c1 = new Conv2d(1, 32, k5, one, pad2, one, 1, true, g), c2 = new Conv2d(32, 64, k5, one, pad2, one, 1, true, g);
        return poolFirst ? new Sequential(c1, new MaxPool2d(2), new ReLU(), c2, new MaxPool2d(2), new ReLU())
                : new Sequential(c1, new ReLU(), new MaxPool2d(2), c2, new ReLU(), new MaxPool2d(2));
    }

    /** Mean ms of reps forward + backward steps (gradients cleared before each). */
    private static double time(Module m, Tensor x, Tensor cot, int reps) {
        long t0 = System.nanoTime();
        for (int r = 0; r < reps; r++) {
            for (Tensor p : m.parameters()) p.zeroGrad();
            m.forward(x).backward(cot);
        }
        return (System.nanoTime() - t0) / 1e6 / reps;
    }
}
