package dev.nabla.train.metrics;

import dev.nabla.tensor.Tensor;

final class Regression {
    private Regression() {}

    /** Output and target as flat double arrays; shapes must hold the same number of elements. */
    static double[][] pair(Tensor output, Tensor target, String metric) {
        if (output.numel() != target.numel())
            throw new IllegalArgumentException(metric + ": output of shape " + java.util.Arrays.toString(output.shape())
                    + " and target of shape " + java.util.Arrays.toString(target.shape()) + " must have the same number of elements");
        return new double[][]{output.toDoubleArray(), target.toDoubleArray()};
    }
}
