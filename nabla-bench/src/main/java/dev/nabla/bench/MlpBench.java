package dev.nabla.bench;

import dev.nabla.backend.cpu.Gemm;
import dev.nabla.backend.cpu.Parallel;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.functional.Losses;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;

/**
 * The issue-7 mlp training step (784-512-256-10, ReLU, softmax cross-entropy, SGD lr 0.05
 * momentum 0.9, batch 128, random data) without the data loader, broken down by phase (zero
 * grad, forward + loss, backward, optimizer step), then each GEMM of the step alone at its
 * shape and transposes. Wall times, medians with min-max, for A/B runs at a given
 * {@code -Dnabla.threads}. Options: {@code --steps N} (default 300), {@code --warmup N} (100),
 * {@code --no-gemms} (the step only, for profiles).
 */
public final class MlpBench {
    private MlpBench() {}

    public static void main(String[] args) {
        int steps = 300, warmup = 100;
        boolean gemms = true;
        for (int k = 0; k < args.length; k++) {
            if (args[k].equals("--steps") && k + 1 < args.length) steps = Integer.parseInt(args[++k]);
            else if (args[k].equals("--warmup") && k + 1 < args.length) warmup = Integer.parseInt(args[++k]);
            else if (args[k].equals("--no-gemms")) gemms = false;
            else throw new IllegalArgumentException("MlpBench: unknown option '" + args[k] + "' (valid: --steps N, --warmup N, --no-gemms)");
        }
        Generator g = new Generator(7);
        Module mlp = new Sequential(new Linear(784, 512, true, g), new ReLU(), new Linear(512, 256, true, g), new ReLU(), new Linear(256, 10, true, g));
        SGD opt = new SGD(mlp.parameters(), Map.of("lr", 0.05, "momentum", 0.9));
        Tensor x = g.normal(0, 1, 128, 784);
        long[] labels = new long[128];
        for (int i = 0; i < labels.length; i++) labels[i] = i % 10;
        Tensor y = Tensor.of(labels, labels.length);

        double[][] phase = new double[5][steps];
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = 0;
        for (int s = -warmup; s < steps; s++) {
            if (s == 0) cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            opt.zeroGrad();
            long t1 = System.nanoTime();
            Tensor loss = Losses.crossEntropy(mlp.forward(x), y);
            long t2 = System.nanoTime();
            loss.backward();
            long t3 = System.nanoTime();
            opt.step();
            long t4 = System.nanoTime();
            if (s >= 0) {
                phase[0][s] = (t1 - t0) / 1e6;
                phase[1][s] = (t2 - t1) / 1e6;
                phase[2][s] = (t3 - t2) / 1e6;
                phase[3][s] = (t4 - t3) / 1e6;
                phase[4][s] = (t4 - t0) / 1e6;
            }
        }
        double cpuPerStep = (os.getProcessCpuTime() - cpu0) / 1e6 / steps;
        long gcCount = 0, gcMs = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) { gcCount += b.getCollectionCount(); gcMs += b.getCollectionTime(); }
        System.out.printf("threads=%d scalarPack=%s steps=%d gc=%d (%d ms total) process CPU %.2f ms/step%n",
                Parallel.threads(), Boolean.getBoolean("nabla.gemm.scalarTransposePack"), steps, gcCount, gcMs, cpuPerStep);
        String[] names = {"zeroGrad", "forward+loss", "backward", "sgd step", "whole step"};
        for (int p = 0; p < names.length; p++) print(names[p], phase[p]);

        // transA, transB, m, n, k: forward x·Wᵀ, backward g·W (input grads) and gᵀ·x (weight grads)
        int[][] shapes = {
                {0, 1, 128, 512, 784}, {0, 1, 128, 256, 512}, {0, 1, 128, 10, 256},
                {0, 0, 128, 256, 10}, {1, 0, 10, 256, 128},
                {0, 0, 128, 512, 256}, {1, 0, 256, 512, 128}, {1, 0, 512, 784, 128}};
        for (int[] sh : gemms ? shapes : new int[0][]) {
            boolean ta = sh[0] == 1, tb = sh[1] == 1;
            int m = sh[2], n = sh[3], k = sh[4];
            float[] a = g.normal(0, 1, m * k).toFloatArray(), b = g.normal(0, 1, k * n).toFloatArray(), c = new float[m * n];
            int lda = ta ? m : k, ldb = tb ? k : n;
            int reps = 200;
            double[] t = new double[reps];
            for (int r = -50; r < reps; r++) {
                long t0 = System.nanoTime();
                Gemm.sgemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                if (r >= 0) t[r] = (System.nanoTime() - t0) / 1e6;
            }
            print(String.format("sgemm tA=%b tB=%b %dx%dx%d", ta, tb, m, n, k), t);
        }
    }

    private static void print(String name, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf("  %-38s median %.3f ms  (p10 %.3f, p90 %.3f)%n", name, s[s.length / 2], s[s.length / 10], s[s.length * 9 / 10]);
    }
}
