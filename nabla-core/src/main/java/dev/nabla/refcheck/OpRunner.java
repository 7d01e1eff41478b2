package dev.nabla.refcheck;

import dev.nabla.tensor.Tensor;

import java.util.Map;
import java.util.Set;

/**
 * Runs the forward of one reference-case op (see docs/REFCHECK.md and the case format in
 * {@code src/test/resources/reference/FORMAT.md}). Implementations are found with
 * {@link java.util.ServiceLoader}: each module lists its runners in
 * {@code META-INF/services/dev.nabla.refcheck.OpRunner}.
 *
 * <p>The checker builds the inputs (float32, int64 or bool tensors; float inputs with
 * {@code requires_grad} already marked), calls {@link #run}, compares every returned output by
 * name, then back-propagates {@code sum_k (out_k * cotangent_k)} and compares the inputs' grads.
 * Optimizer cases have no cotangents: the runner performs the steps itself and returns the named
 * outputs ({@code param_after_step1}, ..., {@code exp_avg}, ...).
 */
public interface OpRunner {
    /** The op names (the {@code op} field of a case) this runner handles. */
    Set<String> ops();

    /**
     * Runs {@code op}.
     *
     * @param op     the case's op name
     * @param inputs the case's inputs by name (optional inputs are simply absent)
     * @param attrs  the case's attributes: JSON values as Java objects (Double or Long for numbers,
     *               Boolean, String, List, Map, or null for JSON null); absent key = PyTorch default
     * @return the outputs by name, as named in the case
     */
    Map<String, Tensor> run(String op, Map<String, Tensor> inputs, Map<String, Object> attrs);
}
