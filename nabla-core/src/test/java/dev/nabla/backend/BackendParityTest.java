package dev.nabla.backend;

import dev.nabla.backend.cpu.CpuBackend;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.ops.BinaryOp;
import dev.nabla.ops.Elementwise;
import dev.nabla.ops.UnaryOp;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A representative slice of the core op suite (elementwise, reductions, softmax, matmul, indexing,
 * and a backward pass) run once on {@link CpuBackend} and once on {@link ReferenceBackend}: the
 * results must agree in shape, dtype and value. The reference run goes through a recording proxy,
 * and a test checks that the slice called every kernel of {@link Backend}, so a kernel added to the
 * interface cannot go uncompared.
 */
class BackendParityTest {
    /** float32 SIMD kernels round each step to float; the reference rounds once from double. */
    private static final double RTOL = 2e-5, ATOL = 2e-6;

    private static final Set<String> called = new ConcurrentSkipListSet<>();

    private static final Backend RECORDING_REFERENCE = recording(new ReferenceBackend());

    private static Backend recording(Backend inner) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[]{Backend.class}, (p, m, args) -> {
            called.add(m.getName());
            try {
                return m.invoke(inner, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private record Case(String name, Supplier<Tensor> op) {}

    private static Tensor randn(long seed, int... shape) { return new Generator(seed).normal(0, 1, shape); }

    private static Tensor ints(long seed, int hi, int... shape) { return new Generator(seed).randint(-hi, hi, shape); }

    private static List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        Tensor x = randn(1, 3, 5), y = randn(2, 3, 5), row = randn(3, 5), col = randn(4, 3, 1);
        Tensor xt = randn(5, 5, 3).t();   // a transposed (strided) view
        Tensor big = randn(6, 40, 37);    // past the SIMD width, with tails
        Tensor pos = randn(7, 3, 5).abs().add(0.1);
        Tensor i64 = ints(8, 9, 3, 5), i32 = ints(9, 9, 3, 5).to(DType.INT32);
        // elementwise
        for (UnaryOp op : UnaryOp.values()) {
            Tensor in = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RSQRT ? pos : x;
            cs.add(new Case("unary " + op.label + " f32", () -> Elementwise.unary(op, in)));
            cs.add(new Case("unary " + op.label + " strided", () -> Elementwise.unary(op, xt.abs().add(0.1))));
            cs.add(new Case("unary " + op.label + " f64", () -> Elementwise.unary(op, in.to(DType.FLOAT64))));
        }
        cs.add(new Case("unary neg int64", () -> i64.neg()));
        cs.add(new Case("unary abs int32", () -> i32.abs()));
        cs.add(new Case("unary square int64", () -> i64.square()));
        for (BinaryOp op : BinaryOp.values()) {
            if (op == BinaryOp.POW) continue;   // checked below on positive bases
            cs.add(new Case("binary " + op.label + " same shape", () -> Elementwise.binary(op, x, y)));
            cs.add(new Case("binary " + op.label + " broadcast row and col", () -> Elementwise.binary(op, col, row)));
            cs.add(new Case("binary " + op.label + " strided", () -> Elementwise.binary(op, xt, y)));
            cs.add(new Case("binary " + op.label + " int64", () -> op == BinaryOp.DIV ? i64.div(i32.add(10)) : Elementwise.binary(op, i64, i32)));
        }
        cs.add(new Case("pow", () -> pos.pow(y)));
        cs.add(new Case("pow int64", () -> i64.pow(2)));
        cs.add(new Case("add one element", () -> Tensor.of(1.5f).add(Tensor.of(2.25f))));
        cs.add(new Case("mul big by scalar", () -> big.mul(3.5)));
        cs.add(new Case("where", () -> Tensor.where(x.gt(0), x, col)));
        cs.add(new Case("fma same shape", () -> x.addcmul(y, row)));
        cs.add(new Case("fma broadcast and strided", () -> col.addcmul(xt, row)));
        cs.add(new Case("fma a*x+b scalars", () -> Tensor.scalar(0.25).addcmul(big, Tensor.scalar(1.5))));
        cs.add(new Case("fma f64", () -> x.to(DType.FLOAT64).add(col.to(DType.FLOAT64), -0.5)));
        cs.add(new Case("where int64", () -> Tensor.where(i64.gt(0), i64, i32.to(DType.INT64))));
        cs.add(new Case("clamp", () -> x.clamp(-0.5, 0.5)));
        cs.add(new Case("cast f32 -> int64 -> bool", () -> x.mul(3).to(DType.INT64).to(DType.BOOL)));
        cs.add(new Case("cast strided f32 -> f64", () -> xt.to(DType.FLOAT64)));
        cs.add(new Case("contiguous of strided", () -> xt.contiguous()));
        cs.add(new Case("full", () -> Tensor.full(2.5, 4, 3)));
        // reductions
        for (int[] dims : new int[][]{null, {0}, {1}}) {
            String d = Arrays.toString(dims);
            cs.add(new Case("sum " + d, () -> big.sum(dims, false)));
            cs.add(new Case("sum strided " + d, () -> xt.sum(dims, true)));
            cs.add(new Case("prod " + d, () -> x.prod(dims, false)));
            cs.add(new Case("amax " + d, () -> big.amax(dims, false)));
            cs.add(new Case("amin " + d, () -> xt.amin(dims, true)));
            cs.add(new Case("all " + d, () -> x.gt(-1).all(dims, false)));
            cs.add(new Case("any " + d, () -> x.gt(1).any(dims, false)));
            cs.add(new Case("sum int64 " + d, () -> i64.sum(dims, false)));
            cs.add(new Case("var " + d, () -> big.var(dims, 1, false)));
            cs.add(new Case("logsumexp " + d, () -> x.logsumexp(dims, false)));
        }
        cs.add(new Case("amax with NaN", () -> Tensor.of(new float[]{1, Float.NaN, 3, 4}, 2, 2).amax(new int[]{1}, false)));
        cs.add(new Case("argmax dim 0", () -> big.argmax(0, false)));
        cs.add(new Case("argmax dim 1 strided", () -> xt.argmax(1, true)));
        cs.add(new Case("argmin all", () -> x.argmin()));
        cs.add(new Case("cumsum", () -> x.cumsum(1)));
        cs.add(new Case("cumsum int64 dim 0", () -> i64.cumsum(0)));
        cs.add(new Case("softmax last", () -> big.softmax(1)));
        cs.add(new Case("softmax dim 0", () -> x.softmax(0)));
        cs.add(new Case("log_softmax strided", () -> xt.logSoftmax(1)));
        cs.add(new Case("softmax f64", () -> x.to(DType.FLOAT64).softmax(1)));
        // matmul
        Tensor a = randn(10, 4, 6), b = randn(11, 6, 3), bt = randn(12, 3, 6).t();
        Tensor la = randn(13, 33, 40), lb = randn(14, 40, 29);   // past the small-GEMM cutoff
        Tensor ba = randn(15, 2, 1, 4, 6), bb = randn(16, 3, 6, 5);
        cs.add(new Case("matmul", () -> a.matmul(b)));
        cs.add(new Case("matmul transposed B", () -> a.matmul(bt)));
        cs.add(new Case("matmul transposed A", () -> b.t().matmul(a.t())));
        cs.add(new Case("matmul large", () -> la.matmul(lb)));
        cs.add(new Case("matmul batched broadcast", () -> ba.matmul(bb)));
        cs.add(new Case("matmul f64", () -> a.to(DType.FLOAT64).matmul(b.to(DType.FLOAT64))));
        cs.add(new Case("matmul int64", () -> ints(17, 5, 4, 6).matmul(ints(18, 5, 6, 3))));
        cs.add(new Case("matvec", () -> a.matmul(randn(19, 6))));
        // indexing
        Tensor idx = Tensor.of(new long[]{2, 0, -1, 2}, 4);
        Tensor gidx = Tensor.of(new long[]{0, 2, 1, 1, 0, 2, 2, 2, 0, 1}, 2, 5);
        cs.add(new Case("index_select dim 0", () -> x.indexSelect(0, idx)));
        cs.add(new Case("index_select dim 1 strided", () -> xt.indexSelect(1, Tensor.of(new long[]{1, 1, 4}, 3))));
        cs.add(new Case("index_select int32 index", () -> big.indexSelect(1, Tensor.of(new int[]{36, 0, 5}, 3))));
        cs.add(new Case("index 2-D index", () -> x.index(0, Tensor.of(new long[]{0, 2, 1, 0}, 2, 2))));
        cs.add(new Case("take", () -> x.take(Tensor.of(new long[]{14, 0, 7}, 3))));
        cs.add(new Case("gather", () -> x.gather(0, gidx)));
        cs.add(new Case("gather int64", () -> i64.gather(0, gidx)));
        cs.add(new Case("scatter", () -> Tensor.zeros(3, 5).scatter(0, gidx, y)));
        cs.add(new Case("scatter_add", () -> Tensor.zeros(3, 5).scatterAdd(0, gidx, y)));
        cs.add(new Case("masked_fill", () -> x.maskedFill(x.lt(0), -7)));
        cs.add(new Case("cat", () -> Tensor.cat(1, x, xt, y)));
        Tensor ties = Tensor.of(new float[]{3, 1, Float.NaN, 1, 3, 2, 0, 2, 2, -1, 5, 2}, 3, 4);
        cs.add(new Case("sort values with ties and NaN", () -> ties.sort(1, false).values()));
        cs.add(new Case("sort indices are stable", () -> ties.sort(1, false).indices()));
        cs.add(new Case("sort descending dim 0", () -> ties.sort(0, true).indices()));
        cs.add(new Case("topk", () -> big.topk(3, 1, true, true).indices()));
        // a backward pass: the gradients come out of the same kernels
        cs.add(new Case("gradients of an MLP-like expression", () -> {
            Tensor w = randn(20, 6, 3).requiresGrad(true), e = randn(21, 5, 6).requiresGrad(true);
            Tensor h = e.indexSelect(0, idx).matmul(w).tanh();
            h.softmax(1).mul(h.cumsum(0)).sum().add(h.amax(new int[]{0}, false).sum()).backward();
            return Tensor.cat(0, w.grad().reshape(-1), e.grad().reshape(-1));
        }));
        return cs;
    }

    private static Tensor run(Backend backend, Supplier<Tensor> op) {
        try (var s = Backends.use(backend)) {
            return op.get().contiguous();
        }
    }

    @TestFactory
    List<DynamicTest> cpuAgreesWithReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                Tensor fast = run(CpuBackend.INSTANCE, c.op());
                Tensor ref = run(RECORDING_REFERENCE, c.op());
                assertEquals(ref.dtype(), fast.dtype(), c.name() + ": dtype");
                assertArrayEquals(ref.shape(), fast.shape(), c.name() + ": shape");
                double[] e = ref.toDoubleArray(), g = fast.toDoubleArray();
                for (int k = 0; k < e.length; k++) {
                    if (Double.isNaN(e[k]) || Double.isNaN(g[k])) {
                        assertEquals(Double.isNaN(e[k]), Double.isNaN(g[k]), c.name() + ": NaN mismatch at " + k);
                        continue;
                    }
                    double tol = ATOL + RTOL * Math.abs(e[k]);
                    if (!(Math.abs(e[k] - g[k]) <= tol) && e[k] != g[k])
                        fail(c.name() + ": at flat index " + k + " reference " + e[k] + " but cpu " + g[k]);
                }
            }));
        }
        return tests;
    }

    @Test
    void theSliceExercisesEveryKernelOfTheInterface() {
        called.clear();
        for (Case c : cases()) run(RECORDING_REFERENCE, c.op());
        Set<String> kernels = new TreeSet<>();
        for (Method m : Backend.class.getMethods()) if (!m.getName().equals("name")) kernels.add(m.getName());
        Set<String> missing = new TreeSet<>(kernels);
        missing.removeAll(called);
        assertTrue(missing.isEmpty(), "kernels never compared between backends: " + missing);
        assertEquals(14, kernels.size(), "Backend kernels (update this count and the parity slice together): " + kernels);
    }

    @Test
    void theTracingBackendPrintsEachKernelAndStillComputes() {
        var bytes = new java.io.ByteArrayOutputStream();
        Tensor a = Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3), b = Tensor.of(new float[]{10, 20, 30}, 3);
        Tensor r;
        try (var s = Backends.use(new TracingBackend(CpuBackend.INSTANCE, new java.io.PrintStream(bytes, true)))) {
            r = a.add(b).matmul(a.t());
        }
        String log = bytes.toString();
        assertTrue(log.contains("[nabla cpu] binary add float32[2, 3] float32[3] -> float32[2, 3]"), log);
        assertTrue(log.contains("[nabla cpu] gemm float32 batch[] m=2 n=2 k=3 transA=false transB=true"), log);
        assertArrayEquals(new float[]{11 + 44 + 99, 44 + 110 + 198, 14 + 50 + 108, 56 + 125 + 216}, r.toFloatArray(), 1e-4f);
    }

    @Test
    void aScopeSwitchesTheBackendAndRestoresThePreviousOne() {
        Backend before = Backends.current();
        Backend ref = new ReferenceBackend();
        try (var s = Backends.use(ref)) {
            assertSame(ref, Backends.current());
        }
        assertSame(before, Backends.current());
        assertEquals(List.of("cpu", "reference"), Backends.available().stream().map(Backend::name).toList());
        assertEquals("reference", Backends.byName("reference").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.byName("tpu"));
        assertTrue(e.getMessage().contains("'tpu'") && e.getMessage().contains("cpu"), e.getMessage());
    }
}
