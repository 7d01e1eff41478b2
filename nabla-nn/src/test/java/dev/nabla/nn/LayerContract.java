package dev.nabla.nn;

import dev.nabla.autograd.GradMode;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The contract every layer meets, checked by one generic routine (in the spirit of Keras'
 * {@code run_layer_test}): output shape, parameter count, a gradient reaching every trainable
 * parameter, a state-dict round trip into a fresh instance giving the same output, train vs eval
 * behaviour, and a float64 gradient check of input and parameters.
 *
 * <p><b>Adding a layer.</b> Every concrete {@link Module} in {@code dev.nabla.nn.layers} must have a
 * case, or {@code LayerCoverageTest} fails. Add a {@link Case} to the static {@code cases()} list of
 * a test class whose simple name ends in {@code LayerContractTest} (e.g. {@code LayerContractTest}
 * for conv/pool/norm/simple layers, {@code RecurrentLayerContractTest} for recurrent and attention
 * layers): the coverage test collects the cases of all such classes.
 */
public final class LayerContract {
    private LayerContract() {}

    /**
     * One layer under test.
     *
     * @param factory         builds a fresh instance (float32, random init from the default generator)
     * @param input           builds the input batch
     * @param outShape        expected output shape
     * @param params          expected parameter element count
     * @param trainEvalDiffer true when the output in training mode differs from evaluation mode
     * @param gradcheckTrain  run the gradcheck in training mode (false: evaluation, e.g. dropout)
     * @param inputIsFloat    false for index inputs (no input gradient)
     * @param exempt          (leaf, element) pairs whose gradient is zero by definition, not by calculus
     *                        (e.g. the padding row of an embedding); leaves are the parameters, then the input
     */
    public record Case(String name, Supplier<Module> factory, Supplier<Tensor> input, int[] outShape, long params,
                       boolean trainEvalDiffer, boolean gradcheckTrain, boolean inputIsFloat, BiPredicate<Integer, Integer> exempt) {
        /** The layer this case covers (an {@link Adapter}'s wrapped layer for multi-input layers). */
        public Class<?> layerClass() {
            Module m = factory.get();
            return m instanceof Adapter a ? a.wrapped().getClass() : m.getClass();
        }

        @Override public String toString() { return name; }
    }

    /**
     * Wraps a layer whose forward takes more than one tensor (e.g. a decoder and its memory) so the
     * contract can drive it with one input; the case then counts as covering the wrapped layer.
     */
    public interface Adapter {
        Module wrapped();
    }

    /** A float input case with the usual settings: same in train and eval, gradcheck in training mode. */
    public static Case of(String name, Supplier<Module> factory, int[] inShape, int[] outShape, long params) {
        return new Case(name, factory, () -> Tensor.randn(new Generator(7), inShape), outShape, params, false, true, true, (l, k) -> false);
    }

    public static Case withTrainEvalDiff(Case c, boolean gradcheckTrain) {
        return new Case(c.name(), c.factory(), c.input(), c.outShape(), c.params(), true, gradcheckTrain, c.inputIsFloat(), c.exempt());
    }

    /** Runs every check of the contract on {@code c}. */
    public static void check(Case c) {
        String n = c.name();
        Module m = c.factory().get();
        Tensor x = c.input().get();
        if (c.inputIsFloat()) x.requiresGrad(true);
        // shape and parameter count
        Tensor y = m.forward(x);
        assertArrayEquals(c.outShape(), y.shape(), n + ": output shape");
        assertEquals(c.params(), m.parameterCount(), n + ": parameter count");
        // every trainable parameter gets a gradient
        m.zeroGrad();
        Tensor r = Tensor.randn(new Generator(11), y.shapeRef());
        m.forward(x).mul(r).sum().backward();
        if (c.inputIsFloat()) assertNotNull(x.grad(), n + ": no gradient reached the input");
        for (var e : m.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            assertNotNull(g, n + ": no gradient reached parameter " + e.getKey());
            assertArrayEquals(e.getValue().shape(), g.shape(), n + ": gradient shape of " + e.getKey());
            assertTrue(g.abs().sum().item() > 0, n + ": gradient of " + e.getKey() + " is all zero");
        }
        // train vs eval
        m.train();
        Tensor yTrain = m.forward(x).detach();
        m.eval();
        Tensor yEval = m.forward(x).detach();
        if (c.trainEvalDiffer()) assertFalse(yTrain.allClose(yEval, 1e-6, 1e-6), n + ": training and evaluation outputs should differ");
        else assertTrue(yTrain.allClose(yEval, 0, 0), n + ": training and evaluation outputs should be identical");
        Tensor yEvalAgain = m.forward(x).detach();
        assertTrue(yEval.allClose(yEvalAgain, 0, 0), n + ": evaluation output must be deterministic");
        // state dict round trip into a fresh instance (eval, after a training step moved any running stats)
        Module fresh = c.factory().get();
        fresh.loadStateDict(m.stateDict());
        fresh.eval();
        assertTrue(yEval.allClose(fresh.forward(x).detach(), 0, 0), n + ": a fresh instance loaded from the state dict gives another output");
        // float64: same weights give the same output (the float32 kernels against the float64 path), then gradcheck
        Module md = c.factory().get();
        md.loadStateDict(m.stateDict());
        toFloat64(md);
        md.eval();
        Tensor xd = c.inputIsFloat() ? x.detach().toDouble().contiguous().detach().requiresGrad(true) : x;
        Tensor yd = md.forward(xd);
        assertEquals(DType.FLOAT64, yd.dtype(), n + ": float64 input and parameters must give a float64 output");
        assertTrue(yd.detach().toFloat().allClose(yEval, 1e-4, 1e-5), n + ": float64 output differs from float32 output");
        md.train(c.gradcheckTrain());
        List<Tensor> leaves = new ArrayList<>(md.parameters());
        for (Tensor p : leaves) assertEquals(DType.FLOAT64, p.dtype(), n + ": parameter not converted to float64");
        if (c.inputIsFloat()) leaves.add(xd);
        if (!leaves.isEmpty()) GradCheck.check(n, () -> md.forward(xd), leaves, 4, 5, c.exempt());
    }

    /** Replaces every floating parameter and buffer of {@code m} and its sub-modules by a float64 copy. */
    public static void toFloat64(Module m) { m.to(DType.FLOAT64); }

    /** Shape helper for case tables. */
    public static int[] s(int... shape) { return shape; }
}
