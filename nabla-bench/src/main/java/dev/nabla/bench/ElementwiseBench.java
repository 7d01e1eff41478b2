package dev.nabla.bench;

import dev.nabla.backend.cpu.Parallel;
import java.io.PrintStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@code elementwise} workload's {@code y = a·x + b} over 16M floats into a preallocated
 * output, on 1 and 2 threads, in GB/s counting bytes read plus bytes written (8 per element).
 * A plain Vector API loop over {@code float[]} split over {@link Parallel}: it measures what the
 * machine allows, the bar for the tensor kernels. Arguments (optional): {@code threads=1,2 repeats=9}.
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
                Runnable body = () -> Parallel.forRange(N, 1 << 16, (s, e) -> axpb(a, x, b, y, s, e));
                for (int w = 0; w < 20; w++) body.run();
                double[] secs = BenchStats.sampleSeconds(repeats, 5, body);
                double[] gbs = new double[secs.length];
                for (int i = 0; i < secs.length; i++) gbs[i] = 8.0 * N / secs[i] * 1e-9;
                BenchStats st = BenchStats.of(gbs);
                out.printf("elementwise a*x+b n=%d threads=%d nabla=%.1f GB/s spread=%.1f-%.1f%n",
                        N, threads, st.median(), st.min(), st.max());
            }
        } finally {
            Parallel.setThreads(savedThreads);
        }
    }

    static void axpb(float a, float[] x, float b, float[] y, int start, int end) {
        FloatVector av = FloatVector.broadcast(S, a), bv = FloatVector.broadcast(S, b);
        int i = start;
        for (int bound = start + S.loopBound(end - start); i < bound; i += S.length())
            FloatVector.fromArray(S, x, i).fma(av, bv).intoArray(y, i);
        for (; i < end; i++) y[i] = x[i] * a + b;
    }
}
