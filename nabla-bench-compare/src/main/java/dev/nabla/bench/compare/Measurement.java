package dev.nabla.bench.compare;

import java.util.Arrays;

/**
 * The repeats of one workload in one framework.
 *
 * @param samples one figure per repeat, in the workload's unit (not modified; copied)
 */
public record Measurement(Workload workload, String framework, double[] samples, String note) {
    public Measurement {
        if (samples.length == 0) throw new IllegalArgumentException("Measurement: " + workload.id + "/" + framework + " has no samples");
        samples = samples.clone();
    }

    public double median() {
        double[] s = sorted();
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    public double min() { return sorted()[0]; }

    public double max() { return sorted()[samples.length - 1]; }

    private double[] sorted() {
        double[] s = samples.clone();
        Arrays.sort(s);
        return s;
    }
}
