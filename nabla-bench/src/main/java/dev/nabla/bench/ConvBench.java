package dev.nabla.bench;

import dev.nabla.backend.cpu.Gemm;
import dev.nabla.backend.cpu.Parallel;
import dev.nabla.nn.functional.Conv;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The "conv" workload of BENCHMARKS.md: conv2d forward, and forward + backward (input and weight
 * gradients), float32, NCHW, for
 * A: N=64, 1×28×28 → 32 ch, 5×5, pad 2 and B: N=64, 32×28×28 → 64 ch, 3×3, pad 1.
 * Prints ms per iteration (median, min-max over the timed repeats) and GFLOP/s, with PyTorch 1.13's
 * figures from the same machine beside them.
 *
 * <p>Args: {@code [repeats] [warmup]} (defaults 15 and 5).
 */
public final class ConvBench {
    private ConvBench() {}

    private record Shape(String name, int n, int c, int hw, int co, int k, int pad, double torchFwdMs, double torchFwdBwdMs) {}

    public static void main(String[] args) { run(System.out, args); }

    public static void run(PrintStream out, String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        out.printf("conv2d benchmark, float32, %d threads, %d repeats after %d warm-up%n", Parallel.threads(), repeats, warmup);
        out.printf("%-40s %22s %9s %16s%n", "case", "ms median [min-max]", "GFLOP/s", "PyTorch 1.13 ms");
        for (Shape s : new Shape[]{
                new Shape("A 64x1x28x28 -> 32, 5x5, pad 2", 64, 1, 28, 32, 5, 2, 0.67, 2.0),
                new Shape("B 64x32x28x28 -> 64, 3x3, pad 1", 64, 32, 28, 64, 3, 1, 10.7, 33.8)})
            bench(out, s, repeats, warmup);
    }

    private static void bench(PrintStream out, Shape s, int repeats, int warmup) {
        Generator g = new Generator(1);
        Tensor x = Tensor.randn(g, s.n, s.c, s.hw, s.hw);
        Tensor w = Tensor.randn(g, s.co, s.c, s.k, s.k).mul(0.1).requiresGrad(true);
        Tensor b = Tensor.randn(g, s.co).requiresGrad(true);
        Tensor xg = x.detach().requiresGrad(true);
        double flopFwd = 2.0 * s.n * s.co * s.hw * s.hw * s.c * s.k * s.k;   // output is hw x hw ("same" padding)
        Runnable fwd = () -> {
            try (var ng = dev.nabla.autograd.GradMode.noGrad()) { Conv.conv2d(x, w, b, 1, s.pad); }
        };
        // backward computes both the input and the weight gradient: 2x the forward's FLOPs
        Tensor cot = Tensor.randn(g, s.n, s.co, s.hw, s.hw);
        Runnable fwdBwd = () -> {
            xg.zeroGrad(); w.zeroGrad(); b.zeroGrad();
            Conv.conv2d(xg, w, b, 1, s.pad).backward(cot);
        };
        report(out, s.name + " fwd", time(fwd, repeats, warmup), flopFwd, s.torchFwdMs);
        report(out, s.name + " fwd+bwd", time(fwdBwd, repeats, warmup), 3 * flopFwd, s.torchFwdBwdMs);
        // A yardstick, not a replay: the conv's FLOPs as plain GEMMs, one per image, threaded over the batch, with no
        // im2col/col2im. The conv itself now batches narrow images into one GEMM and uses direct kernels for
        // single-channel inputs (ConvKernels, ConvDirect), so its calls differ from these.
        int kk = s.c * s.k * s.k, p = s.hw * s.hw;
        float[] a = new float[s.co * kk], col = new float[kk * p * 2], y = new float[s.co * p * 2], wg = new float[s.co * kk * 2];
        Runnable gemmFwd = () -> Parallel.forRangePerThread(s.n, 1, (n0, n1) -> {
            int t = n0 == 0 ? 0 : 1;
            for (int i = n0; i < n1; i++) Gemm.sgemm(false, false, s.co, p, kk, a, 0, kk, col, t * kk * p, p, 0, y, t * s.co * p, p);
        });
        Runnable gemmAll = () -> Parallel.forRangePerThread(s.n, 1, (n0, n1) -> {
            int t = n0 == 0 ? 0 : 1;
            for (int i = n0; i < n1; i++) {
                Gemm.sgemm(false, false, s.co, p, kk, a, 0, kk, col, t * kk * p, p, 0, y, t * s.co * p, p);
                Gemm.sgemm(true, false, kk, p, s.co, a, 0, kk, y, t * s.co * p, p, 0, col, t * kk * p, p);
                Gemm.sgemm(false, true, s.co, kk, p, y, t * s.co * p, p, col, t * kk * p, p, 1, wg, t * s.co * kk, kk);
            }
        });
        report(out, "  same FLOPs as per-image GEMMs, fwd", time(gemmFwd, repeats, warmup), flopFwd, s.torchFwdMs);
        report(out, "  same FLOPs as per-image GEMMs, fwd+bwd", time(gemmAll, repeats, warmup), 3 * flopFwd, s.torchFwdBwdMs);
    }

    private static double[] time(Runnable r, int repeats, int warmup) {
        for (int i = 0; i < warmup; i++) r.run();
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static void report(PrintStream out, String name, double[] ms, double flops, double torchMs) {
        double med = ms[ms.length / 2];
        out.printf("%-40s %8.2f [%.2f-%.2f] %9.1f %16.2f  (%.2fx PyTorch's time)%n", name, med, ms[0], ms[ms.length - 1],
                flops / (med * 1e6), torchMs, med / torchMs);
    }
}
