package dev.nabla.nn;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code Tensor} field of a {@link Module} as state that is saved in the state dict but not
 * trained (e.g. BatchNorm's running statistics).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Buffer {}
