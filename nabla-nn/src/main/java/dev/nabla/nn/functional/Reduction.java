package dev.nabla.nn.functional;

import dev.nabla.tensor.Tensor;

import java.util.Locale;

/** How a loss reduces its per-element values: as they are, their mean, or their sum. */
public enum Reduction {
    NONE, MEAN, SUM,
    /** Sum divided by the batch size (dim 0): only {@link Losses#klDiv} takes it, as in PyTorch. */
    BATCHMEAN;

    /** From PyTorch's spelling: "none", "mean", "sum", "batchmean". */
    public static Reduction of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("reduction must be one of none, mean, sum (batchmean for kl_div only), got '" + name + "'");
        }
    }

    /** Applies this reduction to per-element losses; {@code op} names the loss in errors. */
    Tensor apply(String op, Tensor loss) {
        return switch (this) {
            case NONE -> loss;
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
            case BATCHMEAN -> throw new IllegalArgumentException(op + ": reduction batchmean is only valid for kl_div; use none, mean or sum");
        };
    }
}
