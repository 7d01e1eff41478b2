package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** Saving an optimizer's state and loading it into a fresh one resumes training bit for bit. */
class StateDictTest {
    private static Tensor rand(Random r, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return Tensor.of(a, shape);
    }

    private static void roundTrip(String name, Function<List<Tensor>, Optimizer> make) {
        Random r = new Random(3);
        Tensor w = rand(r, 4, 3), b = rand(r, 3);
        Optimizer a = make.apply(List.of(w));
        a.addParamGroup(List.of(b), Map.of("lr", 0.002));
        for (int t = 0; t < 2; t++) {
            w.setGrad(rand(r, 4, 3));
            b.setGrad(rand(r, 3));
            a.step();
        }
        Optimizer.StateDict sd = a.stateDict();
        Tensor w2 = w.clone(), b2 = b.clone();
        Optimizer c = make.apply(List.of(w2));
        c.addParamGroup(List.of(b2), Map.of());
        c.loadStateDict(sd);
        assertEquals(0.002, c.paramGroups().get(1).get("lr"), name + ": group options restored");
        Tensor gw = rand(r, 4, 3), gb = rand(r, 3);
        w.setGrad(gw); b.setGrad(gb); w2.setGrad(gw.clone()); b2.setGrad(gb.clone());
        a.step();
        c.step();
        assertArrayEquals(w.toFloatArray(), w2.toFloatArray(), 0f, name + ": identical next step (weights)");
        assertArrayEquals(b.toFloatArray(), b2.toFloatArray(), 0f, name + ": identical next step (bias)");
        // the dict holds copies: stepping the optimizer again must not change it
        String anyKey = sd.tensors().keySet().iterator().next();
        Tensor saved = sd.tensors().get(anyKey).clone();
        a.step();
        assertArrayEquals(saved.toDoubleArray(), sd.tensors().get(anyKey).toDoubleArray(), 0, name + ": state dict is a snapshot");
    }

    @Test
    void everyOptimizerResumesExactly() {
        roundTrip("SGD", ps -> new SGD(ps, Map.of("lr", 0.1, "momentum", 0.9)));
        roundTrip("Adam", ps -> new Adam(ps, Map.of("lr", 0.01, "amsgrad", 1.0)));
        roundTrip("AdamW", ps -> new AdamW(ps, 0.01));
        roundTrip("RMSprop", ps -> new RMSprop(ps, Map.of("lr", 0.01, "momentum", 0.5, "centered", 1.0)));
        roundTrip("Adagrad", ps -> new Adagrad(ps, Map.of("lr", 0.1, "lr_decay", 0.1)));
        roundTrip("Adadelta", ps -> new Adadelta(ps, 1.0));
        roundTrip("Adamax", ps -> new Adamax(ps, 0.01));
        roundTrip("NAdam", ps -> new NAdam(ps, 0.01));
        roundTrip("Lion", ps -> new Lion(ps, 0.001));
    }

    @Test
    void keysFollowTheStateIndexConvention() {
        Tensor w = Tensor.ones(2), b = Tensor.ones(3);
        Adam a = new Adam(List.of(w), 0.1);
        a.addParamGroup(List.of(b), Map.of());
        b.setGrad(Tensor.ones(3));
        a.step();
        var sd = a.stateDict();
        assertEquals(java.util.Set.of("state.1.step", "state.1.exp_avg", "state.1.exp_avg_sq"), sd.tensors().keySet());
        assertEquals(1.0, sd.tensors().get("state.1.step").item());
        assertEquals(List.of(1), sd.options().get("param_groups.1.params"));
        assertEquals(0.1, sd.options().get("param_groups.1.lr"));
        var bad = new Optimizer.StateDict(Map.of("state.1.exp_avg", Tensor.zeros(5)), sd.options());
        var e = assertThrows(IllegalArgumentException.class, () -> a.loadStateDict(bad));
        assertTrue(e.getMessage().contains("[5]") && e.getMessage().contains("[3]"), e.getMessage());
    }
}
