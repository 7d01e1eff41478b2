package dev.nabla.bench;

import dev.nabla.backend.cpu.Parallel;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.PrintStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@code elementwise} workload over 16M floats, on 1 and 2 threads, in GB/s of the logical
 * operation (bytes of the inputs read plus bytes of the result written; 8 per element for
 * {@code y = a·x + b} with scalar a, b; 16 for {@code relu(x·w + b)} with full-size w, b):
 * <ul>
 *   <li>{@code ceiling}: one fused Vector API loop over {@code float[]} split over {@link Parallel}
 *       — what the machine allows, the bar for the tensor kernels;</li>
 *   <li>{@code new}: into a new tensor with the fused form {@code b.addcmul(x, a)} (one pass, a and
 *       b 0-d tensors; one fresh 64 MB allocation per call);</li>
 *   <li>{@code out}: into a preallocated output with the out= form {@code b.addcmul(x, a, y)} (one
 *       pass, no allocation);</li>
 *   <li>{@code new-2pass}, {@code prealloc-3pass}: the unfused spellings {@code x.mul(a).add(b)} and
 *       {@code y.copy_(x).mul_(a).add_(b)}, kept for comparison;</li>
 *   <li>{@code alloc}: {@code Tensor.empty(float32, 16M)} alone, the allocation and first touch that
 *       every "new" line pays (reported at 8 bytes/element so it reads against the others);</li>
 *   <li>{@code relu(x*w+b) new}: {@code b.addcmul(x, w).relu()} with full-size w and b (two passes:
 *       fma then relu, two allocations).</li>
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
        float[] x = new float[N], y = new float[N], w = new float[N], bias = new float[N];
        for (int i = 0; i < N; i++) { x[i] = i * 1e-6f - 4f; w[i] = 1 - i * 1e-7f; bias[i] = 0.5f; }
        float a = 1.5f, b = 0.25f;
        int savedThreads = Parallel.threads();
        try {
            for (int threads : threadCounts) {
                Parallel.setThreads(threads);
                Runnable ceiling = () -> Parallel.forRange(N, 1 << 16, (s, e) -> axpb(a, x, b, y, s, e));
                Tensor xt = Tensor.wrap(x, N), yt = Tensor.wrap(y, N), wt = Tensor.wrap(w, N), bt = Tensor.wrap(bias, N);
                Tensor as = Tensor.scalar(a), bs = Tensor.scalar(b);
                // the machine's memory bandwidth in this run: a plain copy of 16M floats (read + write)
                double copy = report(out, "copy", "bandwidth", threads,
                        () -> Parallel.forRange(N, 1 << 16, (s, e) -> System.arraycopy(x, s, y, s, e - s)), repeats, 8);
                report(out, "a*x+b", "ceiling", threads, ceiling, repeats, 8);
                double fresh = report(out, "a*x+b", "new", threads, () -> bs.addcmul(xt, as), repeats, 8);
                double into = report(out, "a*x+b", "out", threads, () -> bs.addcmul(xt, as, yt), repeats, 8);
                out.printf("elementwise a*x+b threads=%d bandwidth/nabla: out=%.2f new=%.2f (target <= 1.3)%n",
                        threads, copy / into, copy / fresh);
                report(out, "a*x+b", "new-2pass", threads, () -> xt.mul(a).add(b), repeats, 8);
                report(out, "a*x+b", "prealloc-3pass", threads, () -> yt.copy_(xt).mul_(a).add_(b), repeats, 8);
                report(out, "a*x+b", "alloc", threads, () -> Tensor.empty(DType.FLOAT32, N), repeats, 8);
                report(out, "relu(x*w+b)", "new", threads, () -> bt.addcmul(xt, wt).relu(), repeats, 16);
            }
        } finally {
            Parallel.setThreads(savedThreads);
        }
    }

    /** Prints one line and returns the median GB/s. */
    private static double report(PrintStream out, String op, String variant, int threads, Runnable body, int repeats, int bytesPerElement) {
        for (int w = 0; w < 20; w++) body.run();
        double[] secs = BenchStats.sampleSeconds(repeats, 5, body);
        double[] gbs = new double[secs.length];
        for (int i = 0; i < secs.length; i++) gbs[i] = (double) bytesPerElement * N / secs[i] * 1e-9;
        BenchStats st = BenchStats.of(gbs);
        out.printf("elementwise %s %s n=%d threads=%d nabla=%.1f GB/s (%.1f ms) spread=%.1f-%.1f%n",
                op, variant, N, threads, st.median(), (double) bytesPerElement * N / st.median() * 1e-6, st.min(), st.max());
        return st.median();
    }

    static void axpb(float a, float[] x, float b, float[] y, int start, int end) {
        FloatVector av = FloatVector.broadcast(S, a), bv = FloatVector.broadcast(S, b);
        int i = start;
        for (int bound = start + S.loopBound(end - start); i < bound; i += S.length())
            FloatVector.fromArray(S, x, i).fma(av, bv).intoArray(y, i);
        for (; i < end; i++) y[i] = x[i] * a + b;
    }
}
