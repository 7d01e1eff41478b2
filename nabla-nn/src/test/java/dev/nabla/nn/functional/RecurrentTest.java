package dev.nabla.nn.functional;

import dev.nabla.autograd.Autograd;
import dev.nabla.nn.functional.Recurrent.Config;
import dev.nabla.nn.functional.Recurrent.Impl;
import dev.nabla.nn.functional.Recurrent.LayerWeights;
import dev.nabla.nn.functional.Recurrent.Mode;
import dev.nabla.nn.functional.Recurrent.Result;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.nabla.nn.RnnTestUtil.*;
import static org.junit.jupiter.api.Assertions.*;

class RecurrentTest {
    /** Random weights for a stack, as leaves requiring grad, in {@code dt}. */
    static List<LayerWeights> weights(Config c, DType dt, long seed) {
        Generator g = new Generator(seed);
        int H = c.hiddenSize(), GH = c.mode().gates() * H;
        List<LayerWeights> w = new ArrayList<>();
        for (int l = 0; l < c.numLayers(); l++)
            for (int d = 0; d < c.directions(); d++) {
                int in = l == 0 ? c.inputSize() : c.directions() * H;
                w.add(new LayerWeights(leaf(g, dt, GH, in), leaf(g, dt, GH, H), leaf(g, dt, GH), leaf(g, dt, GH)));
            }
        return w;
    }

    static Tensor leaf(Generator g, DType dt, int... shape) { return g.uniform(-0.5, 0.5, shape).to(dt).requiresGrad(true); }

    static List<Tensor> flat(List<LayerWeights> ws) {
        List<Tensor> out = new ArrayList<>();
        for (LayerWeights w : ws) { out.add(w.weightIh()); out.add(w.weightHh()); out.add(w.biasIh()); out.add(w.biasHh()); }
        return out;
    }

    static Tensor loss(Result r) {
        Tensor l = weightedSum(r.output(), 1).add(weightedSum(r.hN(), 2));
        return r.cN() == null ? l : l.add(weightedSum(r.cN(), 3));
    }

    /** The fused float32 kernel matches the composed definition: outputs, states and every gradient. */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void fusedMatchesComposed(Mode mode) {
        // H = 20 runs both the SIMD body (16 or 8 lanes) and the scalar tail of the gate kernels
        Config c = new Config(mode, 5, 20, 2, true, true, 0);
        int B = 3, T = 4;
        int[] lengths = {4, 2, 0};
        Generator g = new Generator(7);
        Tensor x = leaf(g, DType.FLOAT32, B, T, 5);
        Tensor h0 = leaf(g, DType.FLOAT32, 4, B, 20), c0 = mode == Mode.LSTM ? leaf(g, DType.FLOAT32, 4, B, 20) : null;
        List<LayerWeights> w = weights(c, DType.FLOAT32, 11);
        List<Tensor> all = new ArrayList<>(List.of(x, h0));
        if (c0 != null) all.add(c0);
        all.addAll(flat(w));
        Tensor[] wrt = all.toArray(new Tensor[0]);

        Result f = Recurrent.forward(c, x, h0, c0, w, lengths, false, null, Impl.FUSED);
        Tensor[] gf = Autograd.grad(new Tensor[]{loss(f)}, wrt, null, false, false, false);
        Result r = Recurrent.forward(c, x, h0, c0, w, lengths, false, null, Impl.COMPOSED);
        Tensor[] gr = Autograd.grad(new Tensor[]{loss(r)}, wrt, null, false, false, false);
        assertClose(mode + " output", r.output(), f.output(), 1e-5, 1e-6);
        // inference keeps no history and gives the same bits (the gate kernels are tier-independent)
        try (var ng = dev.nabla.autograd.GradMode.noGrad()) {
            Result n = Recurrent.forward(c, x, h0, c0, w, lengths, false, null, Impl.FUSED);
            assertClose(mode + " no-grad output", f.output(), n.output(), 0, 0);
            assertClose(mode + " no-grad hN", f.hN(), n.hN(), 0, 0);
            assertNull(n.output().gradFn());
        }
        assertClose(mode + " hN", r.hN(), f.hN(), 1e-5, 1e-6);
        if (c0 != null) assertClose(mode + " cN", r.cN(), f.cN(), 1e-5, 1e-6);
        for (int k = 0; k < wrt.length; k++) assertClose(mode + " grad " + k, gr[k], gf[k], 1e-4, 1e-5);
    }

    /**
     * A batch wide enough to split into row chunks that run their recurrence on different threads
     * (chunks of {@link RecurrentFused#ROWS_PER_CHUNK} rows), with sequences ending inside each
     * chunk, in both directions: outputs, states and gradients match the composed definition.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void fusedMatchesComposedAcrossThreadChunks(Mode mode) {
        int saved = dev.nabla.backend.cpu.Parallel.threads();
        dev.nabla.backend.cpu.Parallel.setThreads(2);
        try {
            Config c = new Config(mode, 6, 20, 1, true, true, 0);
            int B = 3 * RecurrentFused.ROWS_PER_CHUNK + 1, T = 5;
            int[] lengths = new int[B];
            for (int b = 0; b < B; b++) lengths[b] = T - b % 4;
            Generator g = new Generator(21);
            Tensor x = leaf(g, DType.FLOAT32, B, T, 6);
            Tensor h0 = leaf(g, DType.FLOAT32, 2, B, 20), c0 = mode == Mode.LSTM ? leaf(g, DType.FLOAT32, 2, B, 20) : null;
            List<LayerWeights> w = weights(c, DType.FLOAT32, 23);
            List<Tensor> all = new ArrayList<>(List.of(x, h0));
            if (c0 != null) all.add(c0);
            all.addAll(flat(w));
            Tensor[] wrt = all.toArray(new Tensor[0]);
            Result f = Recurrent.forward(c, x, h0, c0, w, lengths, false, null, Impl.FUSED);
            Tensor[] gf = Autograd.grad(new Tensor[]{loss(f)}, wrt, null, false, false, false);
            Result r = Recurrent.forward(c, x, h0, c0, w, lengths, false, null, Impl.COMPOSED);
            Tensor[] gr = Autograd.grad(new Tensor[]{loss(r)}, wrt, null, false, false, false);
            assertClose(mode + " output", r.output(), f.output(), 1e-5, 1e-6);
            assertClose(mode + " hN", r.hN(), f.hN(), 1e-5, 1e-6);
            if (c0 != null) assertClose(mode + " cN", r.cN(), f.cN(), 1e-5, 1e-6);
            for (int k = 0; k < wrt.length; k++) assertClose(mode + " grad " + k, gr[k], gf[k], 1e-4, 1e-5);
        } finally {
            dev.nabla.backend.cpu.Parallel.setThreads(saved);
        }
    }

    /** float64 runs the composed path: central differences for the input, states and all weights. */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void gradcheckFloat64(Mode mode) {
        Config c = new Config(mode, 3, 4, 2, true, false, 0);
        int T = 3, B = 2;
        Generator g = new Generator(3);
        Tensor x = leaf(g, DType.FLOAT64, T, B, 3), h0 = leaf(g, DType.FLOAT64, 4, B, 4);
        Tensor c0 = mode == Mode.LSTM ? leaf(g, DType.FLOAT64, 4, B, 4) : null;
        List<LayerWeights> w = weights(c, DType.FLOAT64, 5);
        int[] lengths = {3, 2};
        List<Tensor> all = new ArrayList<>(List.of(x, h0));
        if (c0 != null) all.add(c0);
        all.addAll(flat(w));
        gradcheck(mode.toString(), () -> loss(Recurrent.forward(c, x, h0, c0, w, lengths, false, null)), 6, all.toArray(new Tensor[0]));
    }

    /** Outputs past a row's length are zero; its final state equals running that row alone, truncated. */
    @Test
    void variableLengthsMatchTruncatedRuns() {
        Config c = new Config(Mode.LSTM, 3, 4, 1, true, false, 0);
        int T = 5, B = 3;
        int[] lengths = {5, 3, 1};
        Generator g = new Generator(9);
        Tensor x = g.normal(0, 1, T, B, 3);
        List<LayerWeights> w = weights(c, DType.FLOAT32, 4);
        Result r = Recurrent.forward(c, x, null, null, w, lengths, false, null);
        for (int b = 0; b < B; b++) {
            Tensor xb = x.narrow(1, b, 1).narrow(0, 0, lengths[b]);
            Result rb = Recurrent.forward(c, xb, null, null, w, null, false, null);
            assertClose("hN row " + b, rb.hN(), r.hN().narrow(1, b, 1), 1e-5, 1e-6);
            assertClose("cN row " + b, rb.cN(), r.cN().narrow(1, b, 1), 1e-5, 1e-6);
            assertClose("output row " + b, rb.output(), r.output().narrow(1, b, 1).narrow(0, 0, lengths[b]), 1e-5, 1e-6);
            for (double v : r.output().narrow(1, b, 1).narrow(0, lengths[b], T - lengths[b]).toDoubleArray())
                assertEquals(0.0, v, "output past the length of row " + b);
        }
    }

    /** The float32 path records one node per layer and direction, not one per step or gate. */
    @Test
    void fusedIsOneNodePerLayerAndDirection() {
        Config c = new Config(Mode.LSTM, 3, 4, 2, true, false, 0);
        Tensor x = leaf(new Generator(1), DType.FLOAT32, 6, 2, 3);
        Result r = Recurrent.forward(c, x, null, null, weights(c, DType.FLOAT32, 2), null, false, null);
        long lstmNodes = Autograd.trace(r.output()).stream().filter("lstm"::equals).count();
        assertEquals(4, lstmNodes, "2 layers × 2 directions: " + Autograd.trace(r.output()));
        assertTrue(Autograd.trace(r.output()).size() < 12, "no per-step ops: " + Autograd.trace(r.output()));
    }

    @Test
    void maskGivesLengths() {
        Tensor mask = Tensor.of(new boolean[]{true, true, false, true, false, false}, 2, 3);
        assertArrayEquals(new int[]{2, 1}, Recurrent.lengthsFromMask(mask, false));
        Tensor bad = Tensor.of(new boolean[]{true, false, true}, 1, 3);
        assertThrows(IllegalArgumentException.class, () -> Recurrent.lengthsFromMask(bad, false));
    }

    @Test
    void fusedRefusesDoubleBackward() {
        Config c = new Config(Mode.GRU, 2, 3, 1, false, false, 0);
        Tensor x = leaf(new Generator(1), DType.FLOAT32, 2, 1, 2);
        Result r = Recurrent.forward(c, x, null, null, weights(c, DType.FLOAT32, 2), null, false, null);
        var e = assertThrows(UnsupportedOperationException.class,
                () -> Autograd.grad(new Tensor[]{r.output().sum()}, new Tensor[]{x}, null, false, true, false));
        assertTrue(e.getMessage().contains("createGraph"), e.getMessage());
    }

    @Test
    void shapeErrorsNameTheProblem() {
        Config c = new Config(Mode.LSTM, 3, 4, 1, false, false, 0);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Recurrent.forward(c, Tensor.zeros(2, 3), null, null, weights(c, DType.FLOAT32, 1), null, false, null));
        assertTrue(e.getMessage().startsWith("lstm: input of shape [2, 3]"), e.getMessage());
    }
}
