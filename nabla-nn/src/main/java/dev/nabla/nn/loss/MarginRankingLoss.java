package dev.nabla.nn.loss;

import dev.nabla.nn.functional.Losses;
import dev.nabla.nn.functional.Reduction;
import dev.nabla.tensor.Tensor;

/** Margin ranking loss of a pair with labels 1 / -1; see {@link Losses#marginRanking}. Takes three inputs, so it is not a {@link Loss}. */
public record MarginRankingLoss(double margin, Reduction reduction) {
    public MarginRankingLoss() { this(0, Reduction.MEAN); }

    public Tensor apply(Tensor x1, Tensor x2, Tensor y) { return Losses.marginRanking(x1, x2, y, margin, reduction); }
}
