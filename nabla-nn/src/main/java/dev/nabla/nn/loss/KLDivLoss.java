package dev.nabla.nn.loss;

import dev.nabla.nn.functional.Losses;
import dev.nabla.nn.functional.Reduction;
import dev.nabla.tensor.Tensor;

/** KL divergence with log-probability input; see {@link Losses#klDiv(Tensor, Tensor, Reduction, boolean)}. */
public record KLDivLoss(Reduction reduction, boolean logTarget) implements Loss {
    /** batchmean (the true KL divergence per sample), probability targets. */
    public KLDivLoss() { this(Reduction.BATCHMEAN, false); }

    @Override public Tensor apply(Tensor logProbs, Tensor target) { return Losses.klDiv(logProbs, target, reduction, logTarget); }
}
