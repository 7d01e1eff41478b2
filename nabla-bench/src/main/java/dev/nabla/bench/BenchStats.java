package dev.nabla.bench;

import java.util.Arrays;

/** Median and spread of repeated measurements: the machine is shared, so a single number lies. */
record BenchStats(double median, double min, double max) {
    static BenchStats of(double[] samples) {
        double[] s = samples.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return new BenchStats(median, s[0], s[n - 1]);
    }

    /** Runs {@code body} {@code inner} times per sample and returns the per-call seconds of each sample. */
    static double[] sampleSeconds(int samples, int inner, Runnable body) {
        double[] out = new double[samples];
        for (int s = 0; s < samples; s++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < inner; i++) body.run();
            out[s] = (System.nanoTime() - t0) * 1e-9 / inner;
        }
        return out;
    }
}
