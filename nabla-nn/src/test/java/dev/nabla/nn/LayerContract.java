package dev.nabla.nn;

import dev.nabla.autograd.GradMode;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The contract every layer meets, checked by one generic routine (in the spirit of Keras'
 * {@code run_layer_test}): output shape, parameter count, a gradient reaching every trainable
 * parameter and float input, train vs eval behaviour, a state-dict round trip into a fresh
 * instance giving the same output, the float64 path agreeing with float32, and a float64 gradient
 * check (central differences) of every parameter and float input.
 *
 * <p><b>Adding a layer.</b> Every concrete public {@link Module} in {@code dev.nabla.nn.layers} must
 * have a case, or {@code LayerCoverageTest} fails. Add a {@link Case} to the
 * {@code static List<LayerContract.Case> cases()} method of a test class whose simple name ends in
 * {@code LayerContractTest} ({@code LayerContractTest} for conv/pool/norm/simple layers,
 * {@code RecurrentLayerContractTest} for recurrent and attention layers); the coverage test collects
 * the cases of every such class and runs nothing itself. Each such class runs its own cases, e.g.
 * {@code @TestFactory List<DynamicTest> contract() { return LayerContract.tests(cases()); }}.
 * Layers with several inputs or a richer call use {@link #ofInputs}.
 */
public final class LayerContract {
    private LayerContract() {}

    /**
     * One layer under test.
     *
     * @param factory         builds a fresh instance (float32, random init)
     * @param inputs          builds the inputs (float ones get gradients and are gradchecked; integer ones are indices)
     * @param call            runs the layer on the inputs, returning the one tensor the contract checks
     * @param outShape        expected output shape
     * @param params          expected parameter element count
     * @param trainEvalDiffer true when the output in training mode differs from evaluation mode
     * @param gradcheckTrain  run the gradcheck in training mode (false: evaluation, e.g. dropout)
     * @param exempt          (leaf, element) pairs whose gradient is zero by definition, not by calculus
     *                        (e.g. the padding row of an embedding); leaves are the parameters, then the float inputs
     */
    public record Case(String name, Supplier<Module> factory, Supplier<Tensor[]> inputs, BiFunction<Module, Tensor[], Tensor> call,
                       int[] outShape, long params, boolean trainEvalDiffer, boolean gradcheckTrain, BiPredicate<Integer, Integer> exempt) {
        public Class<?> layerClass() { return factory.get().getClass(); }

        @Override public String toString() { return name; }
    }

    /** One float input of {@code inShape} through {@code forward(x)}: same in train and eval, gradcheck in training mode. */
    public static Case of(String name, Supplier<Module> factory, int[] inShape, int[] outShape, long params) {
        return ofInputs(name, factory, () -> new Tensor[]{Tensor.randn(new Generator(7), inShape)}, (m, in) -> m.forward(in[0]), outShape, params);
    }

    /** Any inputs and call, e.g. {@code (m, in) -> ((LSTM) m).forward(in[0], in[1], in[2]).output()}. */
    public static Case ofInputs(String name, Supplier<Module> factory, Supplier<Tensor[]> inputs, BiFunction<Module, Tensor[], Tensor> call,
                                int[] outShape, long params) {
        return new Case(name, factory, inputs, call, outShape, params, false, true, (l, k) -> false);
    }

    /** The same case for a layer whose training output differs (dropout, batch statistics). */
    public static Case withTrainEvalDiff(Case c, boolean gradcheckTrain) {
        return new Case(c.name(), c.factory(), c.inputs(), c.call(), c.outShape(), c.params(), true, gradcheckTrain, c.exempt());
    }

    public static Case withExempt(Case c, BiPredicate<Integer, Integer> exempt) {
        return new Case(c.name(), c.factory(), c.inputs(), c.call(), c.outShape(), c.params(), c.trainEvalDiffer(), c.gradcheckTrain(), exempt);
    }

    /** One dynamic test per case. */
    public static List<org.junit.jupiter.api.DynamicTest> tests(List<Case> cases) {
        return cases.stream().map(c -> org.junit.jupiter.api.DynamicTest.dynamicTest(c.name(), () -> check(c))).toList();
    }

    /** Runs every check of the contract on {@code c}. */
    public static void check(Case c) {
        String n = c.name();
        Module m = c.factory().get();
        Tensor[] x = c.inputs().get();
        for (Tensor t : x) if (t.dtype().isFloating()) t.requiresGrad(true);
        // shape and parameter count
        Tensor y = c.call().apply(m, x);
        assertArrayEquals(c.outShape(), y.shape(), n + ": output shape");
        assertEquals(c.params(), m.parameterCount(), n + ": parameter count");
        // every trainable parameter and float input gets a gradient
        m.zeroGrad();
        Tensor r = Tensor.randn(new Generator(11), y.shapeRef());
        c.call().apply(m, x).mul(r).sum().backward();
        for (int i = 0; i < x.length; i++)
            if (x[i].dtype().isFloating()) assertNotNull(x[i].grad(), n + ": no gradient reached input " + i);
        for (var e : m.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            assertNotNull(g, n + ": no gradient reached parameter " + e.getKey());
            assertArrayEquals(e.getValue().shape(), g.shape(), n + ": gradient shape of " + e.getKey());
            assertTrue(g.abs().sum().item() > 0, n + ": gradient of " + e.getKey() + " is all zero");
        }
        // train vs eval
        m.train();
        Tensor yTrain = c.call().apply(m, x).detach();
        m.eval();
        Tensor yEval = c.call().apply(m, x).detach();
        if (c.trainEvalDiffer()) assertFalse(yTrain.allClose(yEval, 1e-6, 1e-6), n + ": training and evaluation outputs should differ");
        // bit for bit: the kernels give the same bits in every JIT tier (backend.cpu.VectorMath)
        else assertTrue(yTrain.allClose(yEval, 0, 0), n + ": training and evaluation outputs should be identical");
        assertTrue(yEval.allClose(c.call().apply(m, x).detach(), 0, 0), n + ": evaluation output must be deterministic");
        // state dict round trip into a fresh instance (eval, after training steps moved any running stats)
        Module fresh = c.factory().get();
        fresh.loadStateDict(m.stateDict());
        fresh.eval();
        assertTrue(yEval.allClose(c.call().apply(fresh, x).detach(), 0, 0), n + ": a fresh instance loaded from the state dict gives another output");
        // float64: the same weights give the same output (float32 kernels against the float64 path), then gradcheck
        Module md = c.factory().get();
        md.loadStateDict(m.stateDict());
        toFloat64(md);
        md.eval();
        Tensor[] xd = new Tensor[x.length];
        List<Tensor> floatInputs = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            xd[i] = x[i].dtype().isFloating() ? x[i].detach().toDouble().contiguous().detach().requiresGrad(true) : x[i];
            if (x[i].dtype().isFloating()) floatInputs.add(xd[i]);
        }
        Tensor yd = c.call().apply(md, xd);
        assertEquals(DType.FLOAT64, yd.dtype(), n + ": float64 inputs and parameters must give a float64 output");
        assertTrue(yd.detach().toFloat().allClose(yEval, 1e-4, 1e-5), n + ": float64 output differs from float32 output");
        md.train(c.gradcheckTrain());
        List<Tensor> leaves = new ArrayList<>(md.parameters());
        for (Tensor p : leaves) assertEquals(DType.FLOAT64, p.dtype(), n + ": parameter not converted to float64");
        leaves.addAll(floatInputs);
        if (!leaves.isEmpty()) GradCheck.check(n, () -> c.call().apply(md, xd), leaves, 4, 5, c.exempt());
    }

    /** Replaces every floating parameter and buffer of {@code m} and its sub-modules by a float64 copy. */
    public static void toFloat64(Module m) { m.to(DType.FLOAT64); }

    /** Shape helper for case tables. */
    public static int[] s(int... shape) { return shape; }
}
