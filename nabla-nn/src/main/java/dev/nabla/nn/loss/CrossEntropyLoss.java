package dev.nabla.nn.loss;

import dev.nabla.nn.functional.CrossEntropy;
import dev.nabla.nn.functional.Reduction;
import dev.nabla.tensor.Tensor;

/**
 * Cross-entropy of logits against class indices or class probabilities; see
 * {@link CrossEntropy#crossEntropy(Tensor, Tensor, Tensor, Reduction, long, double)}.
 *
 * @param weight per-class weights [C] or null
 */
public record CrossEntropyLoss(Tensor weight, Reduction reduction, long ignoreIndex, double labelSmoothing) implements Loss {
    /** Unweighted, mean, ignore_index -100, no smoothing. */
    public CrossEntropyLoss() { this(null, Reduction.MEAN, -100, 0); }

    public CrossEntropyLoss withLabelSmoothing(double eps) { return new CrossEntropyLoss(weight, reduction, ignoreIndex, eps); }
    public CrossEntropyLoss withWeight(Tensor w) { return new CrossEntropyLoss(w, reduction, ignoreIndex, labelSmoothing); }
    public CrossEntropyLoss withReduction(Reduction r) { return new CrossEntropyLoss(weight, r, ignoreIndex, labelSmoothing); }
    public CrossEntropyLoss withIgnoreIndex(long i) { return new CrossEntropyLoss(weight, reduction, i, labelSmoothing); }

    @Override public Tensor apply(Tensor logits, Tensor target) {
        return CrossEntropy.crossEntropy(logits, target, weight, reduction, ignoreIndex, labelSmoothing);
    }
}
