package dev.nabla.data.transforms;

import dev.nabla.tensor.Generator;

import java.util.function.BiFunction;

/**
 * A possibly random transformation of one item. The generator is the only source of randomness, so a
 * transform is deterministic given its generator's seed; {@link dev.nabla.data.Dataset#augment} seeds
 * one per (seed, epoch, index).
 *
 * @param <T> the item type (a {@link dev.nabla.tensor.Tensor} image, an {@link dev.nabla.data.Example}, ...)
 */
@FunctionalInterface
public interface Transform<T> extends BiFunction<T, Generator, T> {
    /** Transforms {@code x} (not modified) drawing random numbers from {@code rng}. */
    @Override T apply(T x, Generator rng);

    /** This transform, then {@code next}, with the same generator. */
    default Transform<T> then(Transform<T> next) { return (x, g) -> next.apply(apply(x, g), g); }
}
