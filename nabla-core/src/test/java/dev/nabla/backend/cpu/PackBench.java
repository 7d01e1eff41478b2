package dev.nabla.backend.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Not a test: a microbenchmark of the transposing packs and of sgemm on the mlp and transformer
 * shapes, kept beside the tests for package access. Run one JVM per mode and interleave them:
 * <pre>java --add-modules jdk.incubator.vector -cp nabla-core/target/classes:nabla-core/target/test-classes \
 *   [-Dnabla.gemm.scalarTransposePack=true] dev.nabla.backend.cpu.PackBench 1 [x = packs only | y = 3 shapes]</pre>
 * Times are the calling thread's CPU time (median and quartiles of 11 samples): with one thread,
 * other processes' load shows up less than in wall time.
 */
final class PackBench {
    private PackBench() {}

    private static final ThreadMXBean TM = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        Parallel.setThreads(Integer.parseInt(args.length > 0 ? args[0] : "1"));
        String tag = Boolean.getBoolean("nabla.gemm.scalarTransposePack") ? "scalar" : "fast";
        String only = args.length > 1 ? args[1] : "";
        // k, n, ldb of a whole transposed B; then k, m, lda of a transposed A
        int[][] packsB = {{784, 512, 784}, {512, 256, 512}, {256, 1024, 256}, {1024, 256, 1024}, {1024, 1024, 1024}, {2048, 512, 2048}, {512, 512, 512}};
        int[][] packsA = {{784, 128, 128}, {512, 128, 512}, {256, 2048, 2048}, {512, 512, 512}, {2048, 256, 256}, {512, 784, 784}, {128, 512, 512}, {128, 784, 784}};
        if (only.isEmpty() || only.equals("x")) {
            for (int[] s : packsB) {
                int k = s[0], n = s[1], ldb = s[2];
                float[] b = random(n * ldb);
                System.out.printf("%s packBT k=%d n=%d ldb=%d %s%n", tag, k, n, ldb, time(() -> SgemmPacked.packShared(true, k, n, b, 0, ldb), 20));
            }
            for (int[] s : packsA) {
                int k = s[0], m = s[1], lda = s[2];
                float[] a = random(k * lda), ap = new float[SgemmPacked.MC * SgemmPacked.KC];
                System.out.printf("%s packAT k=%d m=%d lda=%d %s%n", tag, k, m, lda, time(() -> packAllA(a, lda, m, k, ap), 20));
            }
        }
        if (only.equals("x")) return;
        // transA, transB, m, n, k: mlp forward and backward, transformer block, square
        int[][] shapes = only.equals("y") ? new int[][] {{1, 0, 256, 1024, 2048}, {1, 0, 1024, 256, 2048}, {0, 1, 2048, 1024, 256}} : new int[][] {
                {0, 1, 128, 512, 784}, {0, 1, 128, 256, 512}, {0, 1, 128, 10, 256},
                {0, 0, 128, 784, 512}, {1, 0, 512, 784, 128}, {1, 0, 256, 512, 128}, {0, 0, 128, 512, 256},
                {0, 1, 2048, 1024, 256}, {0, 1, 2048, 256, 1024}, {0, 1, 2048, 768, 256}, {1, 0, 256, 1024, 2048}, {1, 0, 1024, 256, 2048},
                {0, 1, 512, 512, 512}, {1, 0, 512, 512, 512}, {1, 1, 256, 256, 256}};
        for (int[] s : shapes) {
            boolean ta = s[0] == 1, tb = s[1] == 1;
            int m = s[2], n = s[3], k = s[4], lda = ta ? m : k, ldb = tb ? k : n;
            float[] a = random(m * k), b = random(k * n), c = new float[m * n];
            int inner = (int) Math.max(1, 2e8 / ((double) m * n * k));
            System.out.printf("%s sgemm tA=%b tB=%b m=%d n=%d k=%d threads=%d %s%n", tag, ta, tb, m, n, k, Parallel.threads(),
                    time(() -> Gemm.sgemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, 0f, c, 0, n), inner));
        }
    }

    /** Every sliver of a transposed A, as {@link SgemmPacked#block} packs them. */
    private static void packAllA(float[] a, int lda, int m, int k, float[] ap) {
        for (int pc = 0; pc < k; pc += SgemmPacked.KC)
            for (int ib = 0; ib < m; ib += SgemmPacked.MC)
                for (int ic = 0; ic < Math.min(SgemmPacked.MC, m - ib); ic += SgemmPacked.MR)
                    SgemmPacked.packAT(a, 0, lda, ib + ic, Math.min(SgemmPacked.MR, m - ib - ic), pc, Math.min(SgemmPacked.KC, k - pc), ap, ic * SgemmPacked.KC);
    }

    private static String time(Runnable r, int inner) {
        for (int i = 0; i < 5 * inner; i++) r.run();
        double[] t = new double[11];
        for (int s = 0; s < t.length; s++) {
            long t0 = TM.getCurrentThreadCpuTime();
            for (int j = 0; j < inner; j++) r.run();
            t[s] = (TM.getCurrentThreadCpuTime() - t0) / 1e3 / inner;
        }
        Arrays.sort(t);
        return String.format("%8.1f us (%.1f-%.1f)", t[5], t[2], t[8]);
    }

    private static float[] random(int n) {
        SplittableRandom r = new SplittableRandom(n);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextDouble(-1, 1);
        return x;
    }
}
