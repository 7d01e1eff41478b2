package dev.nabla.nn.loss;

import dev.nabla.nn.functional.CrossEntropy;
import dev.nabla.nn.functional.Reduction;
import dev.nabla.tensor.Tensor;

/** Negative log-likelihood of log-probabilities; see {@link CrossEntropy#nllLoss(Tensor, Tensor, Tensor, Reduction, long)}. */
public record NLLLoss(Tensor weight, Reduction reduction, long ignoreIndex) implements Loss {
    public NLLLoss() { this(null, Reduction.MEAN, -100); }

    @Override public Tensor apply(Tensor logProbs, Tensor target) {
        return CrossEntropy.nllLoss(logProbs, target, weight, reduction, ignoreIndex);
    }
}
