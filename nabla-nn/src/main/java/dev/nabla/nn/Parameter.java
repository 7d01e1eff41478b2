package dev.nabla.nn;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code Tensor} field of a {@link Module} as a trainable parameter: it is found by
 * {@link Module#parameters()}, saved in the state dict and updated by optimizers. A null field
 * (e.g. an absent bias) is skipped.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Parameter {}
