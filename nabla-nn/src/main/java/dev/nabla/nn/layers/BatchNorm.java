package dev.nabla.nn.layers;

import dev.nabla.nn.Buffer;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.functional.Norm;
import dev.nabla.nn.init.Init;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

/**
 * Batch normalization shared by {@link BatchNorm1d} and {@link BatchNorm2d}: weight ones, bias
 * zeros, running mean zeros, running var ones, like PyTorch. Training normalises with batch
 * statistics and updates the running ones; evaluation uses the running ones.
 */
public abstract class BatchNorm extends Module {
    public final int numFeatures;
    public final double eps, momentum;
    @Parameter public Tensor weight;
    @Parameter public Tensor bias;
    @Buffer public Tensor runningMean;
    @Buffer public Tensor runningVar;
    @Buffer public Tensor numBatchesTracked;
    private final String name;
    private final int[] ranks;

    protected BatchNorm(String name, int[] ranks, int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        if (numFeatures <= 0) throw new IllegalArgumentException(name + ": numFeatures must be positive, got " + numFeatures);
        this.name = name;
        this.ranks = ranks;
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        if (affine) {
            weight = Tensor.empty(numFeatures).requiresGrad(true);
            bias = Tensor.empty(numFeatures).requiresGrad(true);
        }
        if (trackRunningStats) {
            runningMean = Tensor.zeros(numFeatures);
            runningVar = Tensor.ones(numFeatures);
            numBatchesTracked = Tensor.zeros(DType.INT64);
        }
        resetParameters();
    }

    public void resetParameters() {
        if (weight != null) { Init.ones(weight); Init.zeros(bias); }
        if (runningMean != null) { Init.zeros(runningMean); Init.ones(runningVar); Init.zeros(numBatchesTracked); }
    }

    @Override public Tensor forward(Tensor x) {
        boolean ok = false;
        for (int r : ranks) ok |= x.dim() == r;
        if (!ok || x.size(1) != numFeatures)
            throw new IllegalArgumentException(name + ": input of shape " + Shapes.str(x.shapeRef()) + " must have rank "
                    + java.util.Arrays.toString(ranks) + " and " + numFeatures + " channels in dim 1");
        boolean useBatch = training || runningMean == null;
        if (training && runningMean != null) numBatchesTracked.add_(1);
        return Norm.batchNorm(x, runningMean, runningVar, weight, bias, useBatch, momentum, eps);
    }

    @Override protected String extraRepr() { return numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + (weight != null); }
}
