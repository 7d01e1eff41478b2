package dev.nabla.nn.layers;

import dev.nabla.nn.LayerContract;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.nabla.nn.RnnTestUtil.*;
import static org.junit.jupiter.api.Assertions.*;

/** The layer contract for RNN, LSTM, GRU, MultiheadAttention and the transformer layers. */
class RecurrentLayerContractTest {

    /** The shared layer contract (see {@link LayerContract}) for every layer of this family. */
    static List<LayerContract.Case> cases() {
        return List.of(
                LayerContract.of("RNN", () -> new RNN(3, 4, 1, "tanh", true, false, 0, false, new Generator(1)), LayerContract.s(5, 2, 3), LayerContract.s(5, 2, 4), 36),
                LayerContract.of("LSTM", () -> new LSTM(3, 4, 1, true, false, 0, false, new Generator(1)), LayerContract.s(5, 2, 3), LayerContract.s(5, 2, 4), 144),
                LayerContract.of("LSTM bidirectional 2-layer batch-first", () -> new LSTM(3, 4, 2, true, true, 0, true, new Generator(1)),
                        LayerContract.s(2, 5, 3), LayerContract.s(2, 5, 8), 2 * 144 + 2 * (4 * 4 * 8 + 4 * 4 * 4 + 8 * 4)),
                LayerContract.of("GRU", () -> new GRU(3, 4, 1, true, false, 0, false, new Generator(1)), LayerContract.s(5, 2, 3), LayerContract.s(5, 2, 4), 108),
                LayerContract.of("MultiheadAttention", () -> new MultiheadAttention(8, 2, 0, true, false, new Generator(1)),
                        LayerContract.s(4, 2, 8), LayerContract.s(4, 2, 8), 288),
                LayerContract.of("TransformerEncoderLayer", () -> new TransformerEncoderLayer(8, 2, 16, 0, "relu", 1e-5, false, false, new Generator(1)),
                        LayerContract.s(4, 2, 8), LayerContract.s(4, 2, 8), 600),
                LayerContract.ofInputs("TransformerDecoderLayer", () -> new TransformerDecoderLayer(8, 2, 16, 0, "gelu", 1e-5, false, true, new Generator(1)),
                        () -> new Tensor[]{Tensor.randn(new Generator(2), 4, 2, 8), Tensor.randn(new Generator(3), 3, 2, 8)},
                        (m, in) -> ((TransformerDecoderLayer) m).forward(in[0], in[1]), LayerContract.s(4, 2, 8), 904));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("cases")
    void contract(LayerContract.Case c) { LayerContract.check(c); }

    /** Replaces every parameter of {@code m} (fields and parameter maps) by a float64 leaf; returns them. */
    static List<Tensor> toFloat64(Module m) {
        List<Tensor> out = new ArrayList<>();
        for (Module sub : m.namedModules().values())
            for (Class<?> c = sub.getClass(); c != Module.class; c = c.getSuperclass())
                for (Field f : c.getDeclaredFields()) {
                    if (!f.isAnnotationPresent(Parameter.class)) continue;
                    try {
                        f.setAccessible(true);
                        Object v = f.get(sub);
                        if (v instanceof Tensor t) { Tensor d = leaf64(t); f.set(sub, d); out.add(d); }
                        else if (v instanceof Map<?, ?> map) {
                            @SuppressWarnings("unchecked") Map<String, Tensor> pm = (Map<String, Tensor>) map;
                            pm.replaceAll((k, t) -> leaf64(t));
                            out.addAll(pm.values());
                        }
                    } catch (IllegalAccessException e) { throw new AssertionError(e); }
                }
        return out;
    }

    @Test
    void lstmParameterNamesShapesAndInitMatchPyTorch() {
        LSTM lstm = new LSTM(3, 4, 2, true, false, 0, true, new Generator(1));
        Map<String, Tensor> p = lstm.namedParameters();
        List<String> expected = new ArrayList<>();
        for (String sfx : List.of("_l0", "_l0_reverse", "_l1", "_l1_reverse"))
            for (String n : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh")) expected.add(n + sfx);
        assertEquals(expected, new ArrayList<>(p.keySet()));
        assertArrayEquals(new int[]{16, 3}, p.get("weight_ih_l0").shape());
        assertArrayEquals(new int[]{16, 8}, p.get("weight_ih_l1_reverse").shape());
        assertArrayEquals(new int[]{16, 4}, p.get("weight_hh_l1").shape());
        assertArrayEquals(new int[]{16}, p.get("bias_hh_l0_reverse").shape());
        for (Tensor t : p.values()) {
            assertTrue(t.requiresGrad());
            assertTrue(t.abs().max().item() <= 0.5 + 1e-7, "init within ±1/sqrt(4)");
            assertTrue(t.var().item() > 0.01, "init is random, not constant");
        }
        // GRU(2, 3), bidirectional: 2 directions × (9·2 + 9·3 + 9 + 9)
        assertEquals(2 * (18 + 27 + 9 + 9), new GRU(2, 3, 1, true, false, 0, true, new Generator(0)).parameterCount());
        assertFalse(new RNN(2, 3, 1, "relu", false, false, 0, false, new Generator(0)).namedParameters().containsKey("bias_ih_l0"));
    }

    @Test
    void bidirectionalMultiLayerShapes() {
        int B = 2, T = 5, I = 3, H = 4;
        Tensor x = new Generator(2).normal(0, 1, B, T, I);
        LSTM.Output o = new LSTM(I, H, 3, true, true, 0, true, new Generator(1)).forward(x, null, null);
        assertArrayEquals(new int[]{B, T, 2 * H}, o.output().shape());
        assertArrayEquals(new int[]{6, B, H}, o.hN().shape());
        assertArrayEquals(new int[]{6, B, H}, o.cN().shape());
        GRU.Output g = new GRU(I, H, 2, true, false, 0, true, new Generator(1)).forward(x.transpose(0, 1), null, null);
        assertArrayEquals(new int[]{T, B, 2 * H}, g.output().shape());
        assertArrayEquals(new int[]{4, B, H}, g.hN().shape());
        // the reverse direction's final state is its output at t = 0 (top layer rows 2, 3)
        assertClose("reverse hN", g.output().select(0, 0).narrow(1, H, H), g.hN().select(0, 3), 1e-6, 1e-7);
        assertClose("forward hN", g.output().select(0, T - 1).narrow(1, 0, H), g.hN().select(0, 2), 1e-6, 1e-7);
    }

    @Test
    void stateDictRoundTrip() {
        Tensor x = new Generator(3).normal(0, 1, 4, 2, 3);
        for (RecurrentBase[] pair : new RecurrentBase[][]{
                {new LSTM(3, 5, 2, true, false, 0, true, new Generator(1)), new LSTM(3, 5, 2, true, false, 0, true, new Generator(2))},
                {new GRU(3, 5, 2, true, false, 0, false, new Generator(1)), new GRU(3, 5, 2, true, false, 0, false, new Generator(2))},
                {new RNN(3, 5, 1, "relu", true, false, 0, true, new Generator(1)), new RNN(3, 5, 1, "relu", true, false, 0, true, new Generator(2))}}) {
            Tensor before = pair[1].forward(x);
            assertFalse(pair[0].forward(x).allClose(before, 1e-4, 1e-5), "different seeds give different outputs");
            pair[1].loadStateDict(pair[0].stateDict());
            assertClose(pair[0].getClass().getSimpleName() + " after load", pair[0].forward(x), pair[1].forward(x), 0, 0);
        }
    }

    @Test
    void dropoutOnlyInTrainingAndReproducible() {
        Tensor x = new Generator(3).normal(0, 1, 4, 2, 3);
        LSTM a = new LSTM(3, 8, 2, true, false, 0.5, false, new Generator(1));
        Tensor eval1 = a.eval().forward(x), eval2 = a.forward(x);
        assertClose("eval is deterministic", eval1, eval2, 0, 0);
        a.train();
        a.setGenerator(new Generator(42));
        Tensor t1 = a.forward(x);
        assertFalse(t1.allClose(eval1, 1e-4, 1e-5), "dropout changes the training output");
        a.setGenerator(new Generator(42));
        assertClose("same seed, same mask", t1, a.forward(x), 0, 0);
    }

    @Test
    void gradcheckLayersInFloat64() {
        Generator g = new Generator(4);
        Tensor x = g.normal(0, 1, 2, 3, 3).toDouble().requiresGrad(true);     // batch first [B, T, I]
        int[] lengths = {3, 2};
        LSTM lstm = new LSTM(3, 2, 2, true, true, 0, true, new Generator(1));
        List<Tensor> p = toFloat64(lstm);
        Tensor h0 = g.normal(0, 1, 4, 2, 2).toDouble().requiresGrad(true), c0 = g.normal(0, 1, 4, 2, 2).toDouble().requiresGrad(true);
        List<Tensor> wrt = new ArrayList<>(List.of(x, h0, c0));
        wrt.addAll(p);
        gradcheck("LSTM layer", () -> {
            LSTM.Output o = lstm.forward(x, h0, c0, lengths);
            return weightedSum(o.output(), 1).add(weightedSum(o.hN(), 2)).add(weightedSum(o.cN(), 3));
        }, 4, wrt.toArray(new Tensor[0]));

        GRU gru = new GRU(3, 2, 1, true, true, 0, false, new Generator(1));
        List<Tensor> pg = new ArrayList<>(List.of(x));
        pg.addAll(toFloat64(gru));
        gradcheck("GRU layer", () -> weightedSum(gru.forward(x, null, lengths).output(), 4), 4, pg.toArray(new Tensor[0]));

        RNN rnn = new RNN(3, 2, 1, "tanh", true, true, 0, true, new Generator(1));
        List<Tensor> pr = new ArrayList<>(List.of(x));
        pr.addAll(toFloat64(rnn));
        gradcheck("RNN layer", () -> weightedSum(rnn.forward(x, null, null).hN(), 5), 4, pr.toArray(new Tensor[0]));
    }

    @Test
    void multiheadAttentionNamesAndGradcheck() {
        MultiheadAttention mha = new MultiheadAttention(4, 2, 0, true, true, new Generator(1));
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"), new ArrayList<>(mha.namedParameters().keySet()));
        assertEquals(0.0, mha.in_proj_bias.abs().max().item());
        Tensor x = new Generator(2).normal(0, 1, 2, 3, 4).toDouble().requiresGrad(true);
        List<Tensor> wrt = new ArrayList<>(List.of(x));
        wrt.addAll(toFloat64(mha));
        Tensor kpm = Tensor.of(new boolean[]{false, false, true, false, false, false}, 2, 3);
        gradcheck("MultiheadAttention", () -> weightedSum(mha.forward(x, x, x, kpm, null, true).output(), 1), 5, wrt.toArray(new Tensor[0]));
    }

    @Test
    void transformerEncoderLayer() {
        for (boolean normFirst : new boolean[]{false, true}) {
            var layer = new TransformerEncoderLayer(4, 2, 8, 0.0, normFirst ? "gelu" : "relu", 1e-5, true, normFirst, new Generator(1));
            assertEquals(List.of("self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight", "self_attn.out_proj.bias",
                    "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias", "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"),
                    new ArrayList<>(layer.namedParameters().keySet()));
            Tensor x = new Generator(2).normal(0, 1, 2, 3, 4).toDouble().requiresGrad(true);
            List<Tensor> wrt = new ArrayList<>(List.of(x));
            wrt.addAll(toFloat64(layer));
            Tensor mask = dev.nabla.nn.functional.Attention.causal(3, 3);
            assertArrayEquals(new int[]{2, 3, 4}, layer.forward(x, mask, null).shape());
            gradcheck("encoder normFirst=" + normFirst, () -> weightedSum(layer.forward(x, mask, null), 3), 3, wrt.toArray(new Tensor[0]));
        }
    }

    @Test
    void transformerDecoderLayer() {
        var layer = new TransformerDecoderLayer(4, 2, 8, 0.0, "relu", 1e-5, false, false, new Generator(1));
        assertEquals(18, layer.namedParameters().size(), "2 attentions × 4 + 2 linears × 2 + 3 norms × 2, as PyTorch");
        assertTrue(layer.namedParameters().containsKey("multihead_attn.out_proj.weight"));
        assertTrue(layer.namedParameters().containsKey("norm3.bias"));
        Generator g = new Generator(5);
        Tensor tgt = g.normal(0, 1, 3, 2, 4).toDouble().requiresGrad(true), mem = g.normal(0, 1, 5, 2, 4).toDouble().requiresGrad(true);
        List<Tensor> wrt = new ArrayList<>(List.of(tgt, mem));
        wrt.addAll(toFloat64(layer));
        Tensor tgtMask = dev.nabla.nn.functional.Attention.causal(3, 3);
        assertArrayEquals(new int[]{3, 2, 4}, layer.forward(tgt, mem).shape());
        gradcheck("decoder", () -> weightedSum(layer.forward(tgt, mem, tgtMask, null, null, null), 3), 3, wrt.toArray(new Tensor[0]));
        // dropout: training output differs from eval, eval is deterministic
        var d = new TransformerEncoderLayer(4, 2, 8, 0.5, "relu", 1e-5, false, false, new Generator(1));
        Tensor x = g.normal(0, 1, 3, 2, 4);
        Tensor e1 = d.eval().forward(x);
        assertClose("eval deterministic", e1, d.forward(x), 0, 0);
        assertFalse(d.train().forward(x).allClose(e1, 1e-4, 1e-5));
    }
}
