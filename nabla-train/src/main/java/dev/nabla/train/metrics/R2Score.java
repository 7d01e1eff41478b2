package dev.nabla.train.metrics;

import dev.nabla.tensor.Tensor;

/**
 * Coefficient of determination 1 − SS_res / SS_tot over all elements, streamed through sums
 * (Σy, Σy², Σ(y − ŷ)²) so batches of any size give the same value as one pass.
 */
public final class R2Score implements Metric {
    private double sumY, sumY2, ssRes;
    private long count;

    @Override public String name() { return "r2"; }

    @Override public void reset() { sumY = sumY2 = ssRes = 0; count = 0; }

    @Override public void update(Tensor output, Tensor target) {
        double[][] ot = Regression.pair(output, target, name());
        for (int i = 0; i < ot[0].length; i++) {
            double y = ot[1][i], d = y - ot[0][i];
            sumY += y; sumY2 += y * y; ssRes += d * d;
        }
        count += ot[0].length;
    }

    @Override public double result() {
        if (count == 0) return Double.NaN;
        double ssTot = sumY2 - sumY * sumY / count;
        return ssTot == 0 ? (ssRes == 0 ? 1 : Double.NaN) : 1 - ssRes / ssTot;
    }
}
