package dev.nabla.bench.compare;

/**
 * The workloads of {@code /work/shared/BENCHMARKS.md} that run side by side. Each has one figure,
 * its unit, and whether a bigger figure is better (a speed) or worse (a time).
 */
public enum Workload {
    SGEMM("sgemm", "GFLOP/s", true, "C = A·B, n = " + Workload.SGEMM_N + ", float32"),
    MLP("mlp", "s/epoch", false, "Fashion-MNIST MLP 784-512-256-10, SGD lr 0.05 momentum 0.9, batch 128"),
    CNN("cnn", "img/s", true, "Fashion-MNIST CNN conv5x5(32)-pool-conv5x5(64)-pool-512-10, Adam 1e-3, batch 128"),
    TINY_FORWARD("tiny-fwd", "µs", false, "MLP 4-16-16-1 tanh, batch 1, forward without grad"),
    TINY_TRAIN("tiny-train", "µs", false, "MLP 4-16-16-1 tanh, batch 1, forward + backward + SGD step"),
    STARTUP("startup", "ms", false, "fresh JVM launch to the loss of the first CNN batch (reads the data)"),
    MEMORY("memory", "MiB", false, "peak RSS (VmHWM) of a fresh JVM that reads the data and runs the cnn workload"),
    LSTM("lstm", "seq/s", true, "LSTM in 64, hidden 256, seq 64, batch 32, fwd+bwd+Adam"),
    TRANSFORMER("transformer", "ms/step", false, "encoder block d 256, 4 heads, ff 1024, seq 128, batch 16, fwd+bwd");

    static final int SGEMM_N = 1024;

    public final String id, unit, description;
    /** True when a bigger figure means faster (a throughput), false for a time. */
    public final boolean higherIsFaster;

    Workload(String id, String unit, boolean higherIsFaster, String description) {
        this.id = id;
        this.unit = unit;
        this.higherIsFaster = higherIsFaster;
        this.description = description;
    }

    /** The workload named {@code id} ("tiny" is not one: it names the two tiny rows together, see {@link Compare}). */
    public static Workload byId(String id) {
        for (Workload w : values()) if (w.id.equals(id)) return w;
        throw new IllegalArgumentException("compare: unknown workload '" + id + "'; valid: sgemm, mlp, cnn, tiny, tiny-fwd, "
                + "tiny-train, startup, memory, lstm, transformer");
    }

    /**
     * How much faster {@code nabla} is than {@code peer} for this workload: above 1 means Nabla is
     * faster (or, for memory, leaner). Throughputs divide Nabla's by the peer's; times and memory divide the
     * peer's by Nabla's.
     */
    public double speedRatio(double nabla, double peer) { return higherIsFaster ? nabla / peer : peer / nabla; }
}
