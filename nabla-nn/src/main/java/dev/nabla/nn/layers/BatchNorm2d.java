package dev.nabla.nn.layers;

/** Batch norm over [N, C, H, W] (statistics per channel over N, H and W). */
public class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(int numFeatures) { this(numFeatures, 1e-5, 0.1, true, true); }

    public BatchNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super("BatchNorm2d", new int[]{4}, numFeatures, eps, momentum, affine, trackRunningStats);
    }
}
