package dev.nabla.nn.layers;

import dev.nabla.autograd.GradMode;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.init.Init;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Lookup table of {@code numEmbeddings} vectors of size {@code dim}, initialized normal(0, 1) like
 * PyTorch; the {@code paddingIdx} row starts at zero and never receives gradient.
 *
 * <p>Shape: integer indices of any shape to [*, dim].
 */
public class Embedding extends Module {
    public final int numEmbeddings, dim;
    public final Integer paddingIdx;
    @Parameter public Tensor weight;

    public Embedding(int numEmbeddings, int dim) { this(numEmbeddings, dim, null, Generator.defaultGenerator()); }

    public Embedding(int numEmbeddings, int dim, Integer paddingIdx, Generator g) {
        if (numEmbeddings <= 0 || dim <= 0)
            throw new IllegalArgumentException("Embedding: sizes must be positive, got " + numEmbeddings + " x " + dim);
        if (paddingIdx != null && (paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings))
            throw new IllegalArgumentException("Embedding: padding_idx " + paddingIdx + " out of range for " + numEmbeddings + " embeddings");
        this.numEmbeddings = numEmbeddings;
        this.dim = dim;
        this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        weight = Tensor.empty(numEmbeddings, dim).requiresGrad(true);
        resetParameters(g);
    }

    public void resetParameters(Generator g) {
        Init.normal(weight, 0, 1, g);
        if (paddingIdx != null) try (var s = GradMode.noGrad()) { weight.select(0, paddingIdx).fill_(0); }
    }

    @Override public Tensor forward(Tensor indices) { return dev.nabla.nn.functional.Embedding.embedding(indices, weight, paddingIdx); }

    @Override protected String extraRepr() { return numEmbeddings + ", " + dim + (paddingIdx != null ? ", padding_idx=" + paddingIdx : ""); }
}
