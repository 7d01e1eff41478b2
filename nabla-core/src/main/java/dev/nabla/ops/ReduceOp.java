package dev.nabla.ops;

/**
 * The reduction primitives a backend implements (see {@link dev.nabla.backend.Backend#reduce}).
 * mean, var, std, logsumexp and norm compose these in {@link Reduce}.
 */
public enum ReduceOp {
    /** Sum; an empty reduction gives 0. */
    SUM,
    /** Product; an empty reduction gives 1. */
    PROD,
    /** Largest value; NaN wins. */
    MAX,
    /** Smallest value; NaN wins. */
    MIN,
    /** 1 when no element is 0 (bool result). */
    ALL,
    /** 1 when some element is not 0 (bool result). */
    ANY,
    /** int64 index of the first largest value along one dim; NaN counts as the largest. */
    ARGMAX,
    /** int64 index of the first smallest value along one dim; NaN counts as the smallest. */
    ARGMIN;

    /** True for the arg-reductions, which reduce exactly one dim and write int64 positions. */
    public boolean isArg() { return this == ARGMAX || this == ARGMIN; }
}
