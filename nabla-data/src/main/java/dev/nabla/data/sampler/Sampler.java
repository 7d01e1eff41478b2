package dev.nabla.data.sampler;

/**
 * Chooses which dataset indices an epoch visits, in which order. The {@link dev.nabla.data.DataLoader}
 * asks for the whole epoch's order up front, on the caller's thread, so the order depends only on the
 * sampler's seed and the epoch number, never on how many workers load the items.
 *
 * <p>A distributed sampler is just another implementation: it returns this rank's share of the epoch
 * (see {@link DistributedSampler}).
 */
public interface Sampler {
    /** The indices for {@code epoch} (0-based); a fresh array the caller may keep. */
    int[] indices(int epoch);

    /** How many indices each epoch yields. */
    int length();
}
