package dev.nabla.bench;

import dev.nabla.autograd.GradMode;
import dev.nabla.nn.layers.Linear;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The fixed cost of the framework on tiny tensors, where kernels take no time and everything
 * measured is dispatch, allocation and autograd bookkeeping. {@code ./nabla bench overhead}.
 *
 * <p>Model: a 4-16-16-1 MLP with tanh, batch 1, MSE loss, plain SGD (lr 0.01) done inline under
 * noGrad. Each figure is the median of {@code iters} timed runs (default 10,000) after as many
 * warm-up runs of all four bodies together, lasting at least {@code --warmup-ms} (default 1000): on a busy machine the
 * JIT needs wall time, not just calls, to compile the path being measured. Options:
 * {@code --iters N}, {@code --warmup-ms M}.
 */
public final class OverheadBench {
    private OverheadBench() {}

    public static void main(String[] args) { run(System.out, args); }

    public static void run(PrintStream out, String[] args) {
        int iters = 10_000;
        long warmupMs = 1000;
        for (int k = 0; k < args.length; k++) {
            if (args[k].equals("--iters") && k + 1 < args.length) iters = Integer.parseInt(args[++k]);
            else if (args[k].equals("--warmup-ms") && k + 1 < args.length) warmupMs = Long.parseLong(args[++k]);
            else throw new IllegalArgumentException("bench overhead: unknown option '" + args[k] + "' (valid: --iters N, --warmup-ms M)");
        }
        long warmupNs = warmupMs * 1_000_000;
        Generator g = new Generator(0);
        Linear l1 = new Linear(4, 16, true, g), l2 = new Linear(16, 16, true, g), l3 = new Linear(16, 1, true, g);
        List<Tensor> params = List.of(l1.weight, l1.bias, l2.weight, l2.bias, l3.weight, l3.bias);
        Tensor x = g.normal(0, 1, 1, 4), target = g.normal(0, 1, 1, 1);
        Tensor a = Tensor.of(1f), b = Tensor.of(2f);

        Runnable add = () -> a.add(b);
        Runnable forwardNoGrad = () -> {
            try (var s = GradMode.noGrad()) {
                l3.forward(l2.forward(l1.forward(x).tanh()).tanh());
            }
        };
        Runnable forward = () -> l3.forward(l2.forward(l1.forward(x).tanh()).tanh());
        Runnable step = () -> {
            for (Tensor p : params) p.zeroGrad();
            Tensor y = l3.forward(l2.forward(l1.forward(x).tanh()).tanh());
            Tensor loss = y.sub(target).square().mean();
            loss.backward();
            try (var s = GradMode.noGrad()) {
                for (Tensor p : params) p.sub_(p.grad().mul(0.01));
            }
        };
        List<Runnable> all = List.of(add, forwardNoGrad, forward, step);
        // warm every body up together, so the JIT sees the whole mix before anything is timed
        long start = System.nanoTime();
        for (int k = 0; k < iters || System.nanoTime() - start < warmupNs; k++) for (Runnable r : all) timeOnce(r);
        out.printf("median of %d runs, after >= %d warm-up runs of each and >= %d ms%n", iters, iters, warmupMs);
        out.printf("add (1 element): %.3f us%n", median(iters, add));
        out.printf("tiny-mlp forward, no grad: %.2f us%n", median(iters, forwardNoGrad));
        out.printf("tiny-mlp forward, recording: %.2f us%n", median(iters, forward));
        out.printf("tiny-mlp train step: %.2f us%n", median(iters, step));
    }

    /**
     * One timed call. Warm-up and measurement share this call site, so the JIT compiles it once for
     * all four bodies; a timing loop per body would be recompiled (and run slower) for each new body.
     */
    private static long timeOnce(Runnable body) {
        long t0 = System.nanoTime();
        body.run();
        return System.nanoTime() - t0;
    }

    /** Median wall time of one call, in microseconds, over {@code iters} calls. */
    private static double median(int iters, Runnable body) {
        long[] t = new long[iters];
        for (int k = 0; k < iters; k++) t[k] = timeOnce(body);
        Arrays.sort(t);
        return t[iters / 2] / 1000.0;
    }
}
