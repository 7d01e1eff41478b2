package dev.nabla.cli;

import dev.nabla.train.Loss;

/** The loss a data set calls for: softmax cross-entropy for class labels and next-character targets alike. */
final class Losses {
    private Losses() {}

    static Loss forData(Datasets.Loaded data) { return dev.nabla.train.Losses.crossEntropy(); }
}
