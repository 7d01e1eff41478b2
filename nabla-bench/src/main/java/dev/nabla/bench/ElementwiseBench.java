package dev.nabla.bench;

import dev.nabla.backend.cpu.Parallel;
import dev.nabla.tensor.Tensor;
import java.io.PrintStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@code elementwise} workload, {@code y = a·x + b} over 16M floats, on 1 and 2 threads, in GB/s
 * of the logical operation (bytes of x read plus bytes of y written: 8 per element):
 * <ul>
 *   <li>{@code ceiling}: one fused Vector API loop over {@code float[]} split over {@link Parallel}
 *       — what the machine allows, the bar for the tensor kernels;</li>
 *   <li>{@code new}: Nabla tensor ops into a new tensor, {@code x.mul(a).add(b)} (two kernels, one
 *       fresh allocation per call);</li>
 *   <li>{@code prealloc}: Nabla into a preallocated output, {@code y.copy_(x).mul_(a).add_(b)}
 *       (three in-place kernels, no allocation).</li>
 * </ul>
 * Arguments (optional): {@code threads=1,2 repeats=9}.
 */
public final class ElementwiseBench {
    private ElementwiseBench() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int N = 16 << 20;

    public static void main(String[] args) { run(System.out, args); }

    public static void run(PrintStream out, String[] args) {
        int[] threadCounts = SgemmBench.intList(args, "threads", new int[] {1, 2});
        int repeats = SgemmBench.intList(args, "repeats", new int[] {9})[0];
        float[] x = new float[N], y = new float[N];
        for (int i = 0; i < N; i++) x[i] = i * 1e-6f;
        float a = 1.5f, b = 0.25f;
        int savedThreads = Parallel.threads();
        try {
            for (int threads : threadCounts) {
                Parallel.setThreads(threads);
                Runnable ceiling = () -> Parallel.forRange(N, 1 << 16, (s, e) -> axpb(a, x, b, y, s, e));
                Tensor xt = Tensor.wrap(x, N), yt = Tensor.wrap(y, N);
                Runnable fresh = () -> xt.mul(a).add(b);
                Runnable prealloc = () -> yt.copy_(xt).mul_(a).add_(b);
                report(out, "ceiling", threads, ceiling, repeats);
                report(out, "new", threads, fresh, repeats);
                report(out, "prealloc", threads, prealloc, repeats);
            }
        } finally {
            Parallel.setThreads(savedThreads);
        }
    }

    private static void report(PrintStream out, String variant, int threads, Runnable body, int repeats) {
        for (int w = 0; w < 20; w++) body.run();
        double[] secs = BenchStats.sampleSeconds(repeats, 5, body);
        double[] gbs = new double[secs.length];
        for (int i = 0; i < secs.length; i++) gbs[i] = 8.0 * N / secs[i] * 1e-9;
        BenchStats st = BenchStats.of(gbs);
        out.printf("elementwise a*x+b %s n=%d threads=%d nabla=%.1f GB/s spread=%.1f-%.1f%n",
                variant, N, threads, st.median(), st.min(), st.max());
    }

    static void axpb(float a, float[] x, float b, float[] y, int start, int end) {
        FloatVector av = FloatVector.broadcast(S, a), bv = FloatVector.broadcast(S, b);
        int i = start;
        for (int bound = start + S.loopBound(end - start); i < bound; i += S.length())
            FloatVector.fromArray(S, x, i).fma(av, bv).intoArray(y, i);
        for (; i < end; i++) y[i] = x[i] * a + b;
    }
}
