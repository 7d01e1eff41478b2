package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The gradient contract of every registered primitive: each has a sample, its analytic gradient
 * matches float64 central differences, and for the elementwise, linalg and reduction families the
 * second-order gradient does too. A new primitive without a sample fails {@link #everyRegisteredOpHasASample}.
 */
class OpContractTest {
    private static final Set<OpRegistry.Family> SECOND_ORDER =
            EnumSet.of(OpRegistry.Family.ELEMENTWISE, OpRegistry.Family.LINALG, OpRegistry.Family.REDUCTION);

    record Sample(String label, GradCheck.Fn fn, Tensor[] inputs, double eps, double atol) {
        Sample(String label, GradCheck.Fn fn, Tensor... inputs) { this(label, fn, inputs, GradCheck.EPS, GradCheck.ATOL); }
    }

    private static final Generator RNG = new Generator(7);

    /** Standard normal float64 values that require grad. */
    private static Tensor r(int... shape) { return RNG.normal(0, 1, shape).to(DType.FLOAT64).requiresGrad(true); }

    /** Values in [0.5, 2]: inside the domain of log, sqrt, pow bases. */
    private static Tensor pos(int... shape) { return RNG.uniform(0.5, 2, shape).to(DType.FLOAT64).requiresGrad(true); }

    /** Fixed values at least 0.2 away from every multiple of 0.5: no kink of abs/relu/round/floor/clamp is within eps. */
    private static Tensor awayFromKinks() { return Tensor.of(new double[]{0.2, 0.7, 1.3, -0.8, -1.2, 2.3}, 2, 3).requiresGrad(true); }

    private static Tensor longs(long... v) { return Tensor.of(v, v.length); }

    static List<Sample> samples() {
        List<Sample> s = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            Tensor x = switch (op) {
                case LOG, LOG1P, SQRT, RSQRT -> pos(2, 3);
                case ABS, RELU, SIGN, FLOOR, CEIL, ROUND, RECIPROCAL -> awayFromKinks();
                default -> r(2, 3);
            };
            s.add(new Sample(op.label, xs -> Elementwise.unary(op, xs[0]), x));
        }
        // binary ops take a broadcast second operand, so the sum-to-shape of their gradients is covered
        s.add(new Sample("add", xs -> xs[0].add(xs[1]), r(2, 3), r(3)));
        s.add(new Sample("sub", xs -> xs[0].sub(xs[1]), r(2, 1), r(3)));
        s.add(new Sample("mul", xs -> xs[0].mul(xs[1]), r(2, 3), r(2, 1)));
        s.add(new Sample("div", xs -> xs[0].div(xs[1]), r(2, 3), awayFromKinks()));
        s.add(new Sample("pow", xs -> xs[0].pow(xs[1]), pos(2, 3), r(3)));
        s.add(new Sample("maximum", xs -> xs[0].maximum(xs[1]), r(2, 3), r(2, 3)));
        s.add(new Sample("minimum", xs -> xs[0].minimum(xs[1]), r(2, 3), r(3)));
        Tensor cond = Tensor.of(new boolean[]{true, false, true, false, false, true}, 2, 3);
        s.add(new Sample("where", xs -> Tensor.where(cond, xs[0], xs[1]), r(2, 3), r(3)));
        s.add(new Sample("clamp", xs -> xs[0].clamp(-1, 1), awayFromKinks()));
        s.add(new Sample("fma", xs -> xs[2].addcmul(xs[0], xs[1]), r(2, 3), r(3), r(2, 1)));
        // casts through a narrower type round, so their differences need a larger step and tolerance
        s.add(new Sample("to_float32", xs -> xs[0].to(DType.FLOAT32).to(DType.FLOAT64), new Tensor[]{r(2, 3)}, 1e-3, 1e-3));
        s.add(new Sample("to_float64", xs -> xs[0].to(DType.FLOAT32).to(DType.FLOAT64), new Tensor[]{r(2, 3)}, 1e-3, 1e-3));
        s.add(new Sample("to_bfloat16", xs -> xs[0].to(DType.BFLOAT16).to(DType.FLOAT64), new Tensor[]{r(2, 3)}, 0.25, 0.05));
        s.add(new Sample("to_float16", xs -> xs[0].to(DType.FLOAT16).to(DType.FLOAT64), new Tensor[]{r(2, 3)}, 0.1, 0.05));

        s.add(new Sample("sum", xs -> xs[0].sum(new int[]{1}, false), r(2, 3, 2)));
        s.add(new Sample("sum", xs -> xs[0].sum(), r(2, 3)));
        s.add(new Sample("prod", xs -> xs[0].prod(new int[]{0}, true), pos(3, 2)));
        s.add(new Sample("amax", xs -> xs[0].amax(new int[]{1}, false), r(2, 4)));
        s.add(new Sample("amin", xs -> xs[0].amin(new int[]{0}, true), r(3, 2)));
        s.add(new Sample("cumsum", xs -> xs[0].cumsum(1), r(2, 3)));
        s.add(new Sample("softmax", xs -> xs[0].softmax(1), r(2, 3)));
        s.add(new Sample("log_softmax", xs -> xs[0].logSoftmax(0), r(3, 2)));

        s.add(new Sample("matmul", xs -> xs[0].matmul(xs[1]), r(2, 3), r(3, 2)));
        s.add(new Sample("matmul", xs -> xs[0].matmul(xs[1]), r(2, 2, 3), r(3, 2)));
        s.add(new Sample("matmul", xs -> xs[0].matmul(xs[1]), r(3), r(3, 2)));
        // transposed operands (a linear layer's W.t()) take the transposed-gradient path
        s.add(new Sample("matmul", xs -> xs[0].matmul(xs[1].t()), r(2, 3), r(4, 3)));
        s.add(new Sample("matmul", xs -> xs[0].t().matmul(xs[1]), r(3, 2), r(3, 4)));

        s.add(new Sample("view", xs -> xs[0].view(3, 2), r(2, 3)));
        s.add(new Sample("reshape", xs -> xs[0].reshape(6), r(2, 3)));
        s.add(new Sample("permute", xs -> xs[0].permute(2, 0, 1), r(2, 3, 2)));
        s.add(new Sample("slice", xs -> xs[0].slice(1, 0, 4, 2), r(2, 4)));
        s.add(new Sample("narrow", xs -> xs[0].narrow(0, 1, 2), r(3, 2)));
        s.add(new Sample("expand", xs -> xs[0].expand(2, 3, 4), r(3, 1)));
        s.add(new Sample("slice_backward", xs -> Movement.sliceBackward(xs[0], new int[]{2, 5}, 1, 1, 2), r(2, 2)));
        s.add(new Sample("clone", xs -> xs[0].t().contiguous(), r(2, 3)));
        s.add(new Sample("cat", xs -> Tensor.cat(1, xs[0], xs[1]), r(2, 1), r(2, 3)));

        s.add(new Sample("index_select", xs -> xs[0].indexSelect(0, longs(2, 0, 2)), r(3, 2)));
        s.add(new Sample("index_add", xs -> Indexing.indexAdd(new int[]{3, 2}, 0, longs(2, 0, 2), xs[0]), r(3, 2)));
        Tensor gidx = Tensor.of(new long[]{0, 2, 1, 1, 0, 0}, 2, 3);
        s.add(new Sample("gather", xs -> xs[0].gather(1, gidx), r(2, 3)));
        Tensor sidx = Tensor.of(new long[]{2, 0, 1, 0}, 2, 2);
        s.add(new Sample("scatter", xs -> xs[0].scatter(1, sidx, xs[1]), r(2, 3), r(2, 2)));
        s.add(new Sample("scatter_add", xs -> xs[0].scatterAdd(1, Tensor.of(new long[]{1, 1, 0, 2}, 2, 2), xs[1]), r(2, 3), r(2, 2)));
        return s;
    }

    @Test
    void everyRegisteredOpHasASample() {
        Set<String> registered = OpRegistry.all().stream().map(OpRegistry.OpInfo::label).collect(Collectors.toCollection(TreeSet::new));
        Set<String> sampled = samples().stream().map(Sample::label).collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(registered);
        missing.removeAll(sampled);
        Set<String> unknown = new TreeSet<>(sampled);
        unknown.removeAll(registered);
        assertTrue(missing.isEmpty(), "registered ops without a contract sample: " + missing);
        assertTrue(unknown.isEmpty(), "samples for ops that are not registered: " + unknown);
        assertEquals(registered.size(), sampled.size());
    }

    @Test
    void recordingAnUnregisteredLabelFails() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        Tensor y = Tensor.zeros(2);
        AssertionError e = assertThrows(AssertionError.class, () -> Autograd.record("not_an_op", y, g -> new Tensor[]{g}, x));
        assertTrue(e.getMessage().contains("not_an_op"), e.getMessage());
    }

    @Test
    void reRegisteringIsIdempotentAndAFamilyClashFails() {
        int before = OpRegistry.all().size();
        OpRegistry.register("add", OpRegistry.Family.ELEMENTWISE);
        assertEquals(before, OpRegistry.all().size());
        assertThrows(IllegalStateException.class, () -> OpRegistry.register("add", OpRegistry.Family.CAST));
    }

    @TestFactory
    List<DynamicTest> gradcheckEveryOp() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Sample s : samples()) {
            OpRegistry.Family family = OpRegistry.get(s.label()).family();
            tests.add(DynamicTest.dynamicTest(s.label() + " (" + family + ")", () -> {
                Tensor out = s.fn().apply(s.inputs());
                assertTrue(Autograd.trace(out).contains(s.label()),
                        "the sample for '" + s.label() + "' does not record it; it records " + Autograd.trace(out));
                assertTrue(GradCheck.gradcheck(s.fn(), s.eps(), s.atol(), GradCheck.RTOL, s.inputs()));
                if (SECOND_ORDER.contains(family))
                    assertTrue(GradCheck.gradgradcheck(s.fn(), s.eps(), s.atol(), GradCheck.RTOL, s.inputs()));
            }));
        }
        return tests;
    }
}
