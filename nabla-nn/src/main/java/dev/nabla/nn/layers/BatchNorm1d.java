package dev.nabla.nn.layers;

/** Batch norm over [N, C] or [N, C, L] (statistics per channel over N and L). */
public class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(int numFeatures) { this(numFeatures, 1e-5, 0.1, true, true); }

    public BatchNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super("BatchNorm1d", new int[]{2, 3}, numFeatures, eps, momentum, affine, trackRunningStats);
    }
}
