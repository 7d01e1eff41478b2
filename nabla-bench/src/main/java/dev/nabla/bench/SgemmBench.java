package dev.nabla.bench;

import dev.nabla.backend.cpu.Gemm;
import dev.nabla.backend.cpu.Parallel;
import java.io.PrintStream;
import java.util.ServiceLoader;
import java.util.SplittableRandom;

/**
 * The {@code sgemm} workload: square C = A·B for n = 256 … 2048 on 1 and 2 threads, Nabla next to
 * a native peer in the same run (when one is on the class path). One line per case:
 * <pre>sgemm n=1024 threads=2 nabla=190.1 openblas=185.3 GFLOP/s ratio=1.03 spread nabla=182.0-195.2 openblas=170.4-188.0</pre>
 * Figures are medians over repeats of 2n³/time. Arguments (optional): {@code n=256,512 threads=1,2 repeats=9}.
 */
public final class SgemmBench {
    private SgemmBench() {}

    public static void main(String[] args) { run(System.out, args); }

    public static void run(PrintStream out, String[] args) {
        int[] sizes = intList(args, "n", new int[] {256, 512, 1024, 2048});
        int[] threadCounts = intList(args, "threads", new int[] {1, 2});
        int repeats = intList(args, "repeats", new int[] {9})[0];
        GemmPeer peer = ServiceLoader.load(GemmPeer.class).findFirst().orElse(null);
        int savedThreads = Parallel.threads();
        try {
            for (int threads : threadCounts)
                for (int n : sizes) out.println(runCase(n, threads, repeats, peer));
        } finally {
            Parallel.setThreads(savedThreads);
        }
    }

    /**
     * One size and thread count. Nabla's and the peer's samples alternate so that both see the
     * same background load on a shared machine; a pause before each sample lets the other
     * library's pool stop spinning (OpenBLAS's threads busy-wait ~2^28 cycles after a call by
     * default, which on two cores would be timed as ours).
     */
    private static String runCase(int n, int threads, int repeats, GemmPeer peer) {
        Problem p = new Problem(n);
        double flop = 2.0 * n * n * n;
        // Roughly 50 ms per sample whatever n, at ~100 GFLOP/s.
        int inner = (int) Math.max(1, 5e9 / flop);
        Runnable ours = () -> Gemm.sgemm(false, false, n, n, n, p.a, 0, n, p.b, 0, n, 0f, p.c, 0, n);
        Runnable theirs = peer == null ? null : () -> peer.sgemm(n, n, n, p.a, p.b, 0f, p.c);
        Parallel.setThreads(threads);
        if (peer != null) peer.setThreads(threads);
        warmUp(ours);
        if (theirs != null) warmUp(theirs);
        double[] ourRates = new double[repeats], theirRates = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            settle();
            ourRates[r] = flop / BenchStats.sampleSeconds(1, inner, ours)[0] * 1e-9;
            if (theirs == null) continue;
            settle();
            theirRates[r] = flop / BenchStats.sampleSeconds(1, inner, theirs)[0] * 1e-9;
        }
        BenchStats o = BenchStats.of(ourRates);
        String line = String.format("sgemm n=%d threads=%d nabla=%.1f", n, threads, o.median());
        if (peer == null)
            return line + String.format(" openblas=n/a GFLOP/s ratio=n/a spread nabla=%.1f-%.1f", o.min(), o.max());
        BenchStats t = BenchStats.of(theirRates);
        return line + String.format(" %s=%.1f GFLOP/s ratio=%.2f spread nabla=%.1f-%.1f %s=%.1f-%.1f",
                peer.name(), t.median(), o.median() / t.median(), o.min(), o.max(), peer.name(), t.min(), t.max());
    }

    /** Random square operands, the same for Nabla and the peer (seeded by n). */
    private record Problem(float[] a, float[] b, float[] c) {
        Problem(int n) {
            this(new float[n * n], new float[n * n], new float[n * n]);
            SplittableRandom r = new SplittableRandom(n);
            for (int i = 0; i < a.length; i++) { a[i] = (float) r.nextDouble(-1, 1); b[i] = (float) r.nextDouble(-1, 1); }
        }
    }

    /** Sleeps long enough for both libraries' worker threads to stop spinning and park. */
    private static void settle() {
        try {
            Thread.sleep(120);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** At least ~0.5 s of calls so every branch of the kernels is compiled by C2 before timing. */
    private static void warmUp(Runnable body) {
        long until = System.nanoTime() + 500_000_000L;
        int calls = 0;
        while (calls < 3 || System.nanoTime() < until) { body.run(); calls++; }
    }

    static int[] intList(String[] args, String key, int[] fallback) {
        for (String arg : args)
            if (arg.startsWith(key + "="))
                return java.util.Arrays.stream(arg.substring(key.length() + 1).split(","))
                        .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        return fallback;
    }
}
