package dev.nabla.nn.functional;

import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

/**
 * Regression, binary, divergence and ranking losses (PyTorch 1.13 semantics), composed from
 * differentiable tensor ops. MEAN divides by the element count. Cross-entropy and NLL live in
 * {@link CrossEntropy}; this class forwards to them so all losses are reachable from one place.
 */
public final class Losses {
    private Losses() {}

    private static void sameShape(String op, Tensor a, Tensor b) {
        if (!Shapes.equal(a.shapeRef(), b.shapeRef()))
            throw new IllegalArgumentException(op + ": input of shape " + Shapes.str(a.shapeRef()) + " and target of shape "
                    + Shapes.str(b.shapeRef()) + " must have the same shape");
    }

    /** @see CrossEntropy#crossEntropy(Tensor, Tensor, Tensor, Reduction, long, double) */
    public static Tensor crossEntropy(Tensor logits, Tensor target) { return CrossEntropy.crossEntropy(logits, target); }

    /** @see CrossEntropy#crossEntropy(Tensor, Tensor, Tensor, Reduction, long, double) */
    public static Tensor crossEntropy(Tensor logits, Tensor target, Tensor weight, Reduction reduction, long ignoreIndex, double labelSmoothing) {
        return CrossEntropy.crossEntropy(logits, target, weight, reduction, ignoreIndex, labelSmoothing);
    }

    /** @see CrossEntropy#nllLoss(Tensor, Tensor, Tensor, Reduction, long) */
    public static Tensor nllLoss(Tensor logProbs, Tensor target, Tensor weight, Reduction reduction, long ignoreIndex) {
        return CrossEntropy.nllLoss(logProbs, target, weight, reduction, ignoreIndex);
    }

    /** Squared error {@code (input - target)²}; both get gradients. Shapes must match. Not modified. */
    public static Tensor mse(Tensor input, Tensor target, Reduction reduction) {
        sameShape("mse_loss", input, target);
        return reduction.apply("mse_loss", input.sub(target).square());
    }

    public static Tensor mse(Tensor input, Tensor target) { return mse(input, target, Reduction.MEAN); }

    /** Absolute error {@code |input - target|}. */
    public static Tensor l1(Tensor input, Tensor target, Reduction reduction) {
        sameShape("l1_loss", input, target);
        return reduction.apply("l1_loss", input.sub(target).abs());
    }

    /**
     * Smooth L1: {@code 0.5·d²/β} where {@code |d| < β}, else {@code |d| - 0.5·β} (d = input - target);
     * β = 0 is plain L1.
     */
    public static Tensor smoothL1(Tensor input, Tensor target, Reduction reduction, double beta) {
        sameShape("smooth_l1_loss", input, target);
        if (beta < 0) throw new IllegalArgumentException("smooth_l1_loss: beta must be >= 0, got " + beta);
        Tensor d = input.sub(target), ad = d.abs();
        if (beta == 0) return reduction.apply("smooth_l1_loss", ad);
        return reduction.apply("smooth_l1_loss", Tensor.where(ad.lt(beta), d.square().mul(0.5 / beta), ad.sub(0.5 * beta)));
    }

    /** Huber: {@code 0.5·d²} where {@code |d| < δ}, else {@code δ·(|d| - 0.5·δ)}; δ &gt; 0. */
    public static Tensor huber(Tensor input, Tensor target, Reduction reduction, double delta) {
        sameShape("huber_loss", input, target);
        if (!(delta > 0)) throw new IllegalArgumentException("huber_loss: delta must be > 0, got " + delta);
        Tensor d = input.sub(target), ad = d.abs();
        return reduction.apply("huber_loss", Tensor.where(ad.lt(delta), d.square().mul(0.5), ad.sub(0.5 * delta).mul(delta)));
    }

    /**
     * Binary cross-entropy of probabilities: {@code -w·(t·log x + (1-t)·log(1-x))}, each log clamped
     * at -100 like PyTorch so x = 0 or 1 gives a finite loss.
     *
     * @param input  probabilities in [0, 1]. Not modified.
     * @param target same shape, in [0, 1] (constant). Not modified.
     * @param weight broadcastable to the input, or null
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        sameShape("binary_cross_entropy", input, target);
        if (input.numel() > 0 && (input.min().item() < 0 || input.max().item() > 1))
            throw new IllegalArgumentException("binary_cross_entropy: input values must be probabilities in [0, 1], got range ["
                    + input.min().item() + ", " + input.max().item() + "]; use bceWithLogits for logits");
        Tensor t = target.detach();
        Tensor loss = t.mul(input.log().clampMin(-100)).add(t.rsub(1).mul(input.rsub(1).log().clampMin(-100))).neg();
        if (weight != null) loss = loss.mul(weight);
        return reduction.apply("binary_cross_entropy", loss);
    }

    /**
     * Binary cross-entropy on logits, stable for any x:
     * {@code w·((1-t)·x + (1 + (pw-1)·t)·log(1 + e^{-x}))}.
     *
     * @param input     logits. Not modified.
     * @param target    same shape, in [0, 1]. Not modified.
     * @param weight    broadcastable to the input, or null
     * @param posWeight weight of positive examples, broadcast along the last dim (e.g. [C]), or null
     */
    public static Tensor bceWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, Reduction reduction) {
        sameShape("binary_cross_entropy_with_logits", input, target);
        Tensor softplusNeg = input.neg().softplus();
        Tensor loss = target.rsub(1).mul(input);
        loss = loss.add(posWeight == null ? softplusNeg : posWeight.sub(1).mul(target).add(1).mul(softplusNeg));
        if (weight != null) loss = loss.mul(weight);
        return reduction.apply("binary_cross_entropy_with_logits", loss);
    }

    public static Tensor bceWithLogits(Tensor input, Tensor target) { return bceWithLogits(input, target, null, null, Reduction.MEAN); }

    /**
     * Kullback-Leibler divergence with the input as log-probabilities: {@code t·(log t - input)}
     * (0 where t = 0), or with {@code logTarget} {@code e^t·(t - input)}. BATCHMEAN (the mathematically
     * right one) divides the sum by the batch size; MEAN by the element count.
     */
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
        sameShape("kl_div", input, target);
        Tensor loss = logTarget ? target.exp().mul(target.sub(input))
                : Tensor.where(target.gt(0), target.mul(target.log().sub(input)), Tensor.zeros(input.dtype()));
        if (reduction == Reduction.BATCHMEAN) return loss.sum().div(input.dim() == 0 ? 1 : input.size(0));
        return reduction.apply("kl_div", loss);
    }

    /**
     * Cosine embedding loss: {@code 1 - cos(x1, x2)} where y = 1, {@code max(0, cos - margin)} where
     * y = -1, cos taken over dim 1 of [N, D] inputs (dim 0 of [D]) with 1e-12 added to each squared norm.
     *
     * @param y [N] (or []) of 1 / -1
     */
    public static Tensor cosineEmbedding(Tensor x1, Tensor x2, Tensor y, double margin, Reduction reduction) {
        sameShape("cosine_embedding_loss", x1, x2);
        if (x1.dim() != 1 && x1.dim() != 2)
            throw new IllegalArgumentException("cosine_embedding_loss: inputs must be [N, D] or [D], got " + Shapes.str(x1.shapeRef()));
        int d = x1.dim() - 1;
        Tensor cos = x1.mul(x2).sum(d).div(x1.square().sum(d).add(1e-12).mul(x2.square().sum(d).add(1e-12)).sqrt());
        Tensor zero = Tensor.zeros(cos.dtype());
        Tensor pos = Tensor.where(y.eq(1), cos.rsub(1), zero);
        Tensor neg = Tensor.where(y.eq(-1), cos.sub(margin).clampMin(0), zero);
        return reduction.apply("cosine_embedding_loss", pos.add(neg));
    }

    /** Margin ranking loss {@code max(0, -y·(x1 - x2) + margin)}; y of 1 / -1 says which should rank higher. */
    public static Tensor marginRanking(Tensor x1, Tensor x2, Tensor y, double margin, Reduction reduction) {
        return reduction.apply("margin_ranking_loss", y.neg().mul(x1.sub(x2)).add(margin).clampMin(0));
    }
}
