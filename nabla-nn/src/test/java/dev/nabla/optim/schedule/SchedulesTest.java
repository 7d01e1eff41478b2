package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.IntToDoubleFunction;

import static org.junit.jupiter.api.Assertions.*;

/** Each schedule's sequence of learning rates against values computed here from PyTorch's formulas. */
class SchedulesTest {
    private static final double BASE = 0.1;

    private static SGD opt() { return new SGD(List.of(Tensor.zeros(2)), BASE); }

    /** Epoch 0 is the lr right after construction; epoch e the lr after e calls of step(). */
    private static void expectSequence(LRScheduler s, Optimizer o, int epochs, IntToDoubleFunction expected) {
        for (int e = 0; e < epochs; e++) {
            if (e > 0) s.step();
            assertEquals(expected.applyAsDouble(e), o.lr(), 1e-12, s.getClass().getSimpleName() + " at epoch " + e);
        }
    }

    @Test
    void stepMultiStepExponential() {
        SGD o = opt();
        expectSequence(new StepLR(o, 3, 0.5), o, 10, e -> BASE * (e < 3 ? 1 : e < 6 ? 0.5 : e < 9 ? 0.25 : 0.125));
        o = opt();
        expectSequence(new MultiStepLR(o, new int[]{2, 5}, 0.1), o, 8, e -> e < 2 ? BASE : e < 5 ? BASE * 0.1 : BASE * 0.01);
        o = opt();
        double[] lr = {BASE};
        expectSequence(new ExponentialLR(o, 0.9), o, 6, e -> { double v = lr[0]; lr[0] *= 0.9; return v; });
    }

    @Test
    void cosineAnnealing() {
        SGD o = opt();
        double etaMin = 0.001;
        int tMax = 10;
        // the recursive form PyTorch's step() uses, iterated here; it agrees with the closed form
        double[] lr = {BASE};
        expectSequence(new CosineAnnealingLR(o, tMax, etaMin), o, 11, e -> {
            if (e == 0) return lr[0];
            lr[0] = etaMin + (lr[0] - etaMin) * (1 + Math.cos(Math.PI * e / tMax)) / (1 + Math.cos(Math.PI * (e - 1) / tMax));
            return lr[0];
        });
        assertEquals(etaMin, o.lr(), 1e-12, "reaches etaMin at Tmax");
    }

    @Test
    void warmRestartsDoublingPeriods() {
        SGD o = opt();
        // periods 2, 4, 8: restarts at epochs 0, 2, 6, 14
        int[] restartAt = {0, 2, 6, 14};
        int[] period = {2, 4, 8, 16};
        expectSequence(new CosineAnnealingWarmRestarts(o, 2, 2, 0.0), o, 20, e -> {
            int k = 0;
            while (k + 1 < restartAt.length && e >= restartAt[k + 1]) k++;
            return BASE * (1 + Math.cos(Math.PI * (e - restartAt[k]) / period[k])) / 2;
        });
        o = opt();
        expectSequence(new CosineAnnealingWarmRestarts(o, 3, 1, 0.01), o, 9,
                e -> 0.01 + (BASE - 0.01) * (1 + Math.cos(Math.PI * (e % 3) / 3)) / 2);
    }

    @Test
    void linearWarmup() {
        SGD o = opt();
        double[] expected = {BASE * 0.25, BASE * 0.5, BASE * 0.75, BASE, BASE, BASE};
        expectSequence(new LinearWarmup(o, 0.25, 3), o, 6, e -> expected[e]);
        o = opt();
        expectSequence(new LinearLR(o, 1.0, 0.5, 2), o, 4, e -> BASE * (e == 0 ? 1 : e == 1 ? 0.75 : 0.5));
    }

    @Test
    void oneCycleTwoAndThreePhases() {
        SGD o = opt();
        double max = 1.0, initial = max / 25, min = initial / 1e4;
        int total = 10;
        double end1 = 0.3 * total - 1;
        expectSequence(new OneCycleLR(o, max, total), o, total, e -> {
            if (e <= end1) return max + (initial - max) / 2 * (1 + Math.cos(Math.PI * e / end1));
            double pct = (e - end1) / (total - 1 - end1);
            return min + (max - min) / 2 * (1 + Math.cos(Math.PI * pct));
        });
        assertEquals(min, o.lr(), 1e-12, "ends at initial / finalDivFactor");
        o = opt();
        double e1 = 0.25 * 20 - 1, e2 = 2 * 0.25 * 20 - 2;
        expectSequence(new OneCycleLR(o, max, 20, 0.25, false, 10, 100, true), o, 20, e -> {
            double i0 = max / 10, m0 = i0 / 100;
            if (e <= e1) return i0 + (max - i0) * e / e1;
            if (e <= e2) return max + (i0 - max) * (e - e1) / (e2 - e1);
            return i0 + (m0 - i0) * (e - e2) / (19 - e2);
        });
    }

    @Test
    void sequentialWarmupThenCosine() {
        SGD o = opt();
        var warm = LinearLR.warmup(o, 0.1, 4);
        var cos = new CosineAnnealingLR(o, 6, 0);
        expectSequence(new SequentialLR(o, List.of(warm, cos), new int[]{4}), o, 11,
                e -> e < 4 ? BASE * (0.1 + 0.9 * e / 4) : BASE * (1 + Math.cos(Math.PI * (e - 4) / 6)) / 2);
    }

    @Test
    void chainedMultipliesFactors() {
        SGD o = opt();
        var s1 = new StepLR(o, 2, 0.5);
        var s2 = new ExponentialLR(o, 0.9);
        expectSequence(new ChainedScheduler(o, List.of(s1, s2)), o, 7, e -> BASE * Math.pow(0.5, e / 2) * Math.pow(0.9, e));
    }

    @Test
    void groupsKeepTheirOwnBaseAndStateRoundTrips() {
        SGD o = opt();
        o.addParamGroup(List.of(Tensor.zeros(1)), java.util.Map.of("lr", 1.0));
        StepLR s = new StepLR(o, 1, 0.5);
        s.step();
        s.step();
        assertEquals(BASE * 0.25, o.paramGroups().get(0).get("lr"), 1e-12);
        assertEquals(0.25, o.paramGroups().get(1).get("lr"), 1e-12);
        var saved = s.stateDict();
        SGD o2 = opt();
        o2.addParamGroup(List.of(Tensor.zeros(1)), java.util.Map.of("lr", 1.0));
        StepLR s2 = new StepLR(o2, 1, 0.5);
        s2.loadStateDict(saved);
        s.step();
        s2.step();
        assertEquals(o.paramGroups().get(1).get("lr"), o2.paramGroups().get(1).get("lr"), 0);
        assertEquals(3, s2.lastEpoch());
    }

    @Test
    void reduceOnPlateau() {
        SGD o = opt();
        var s = new ReduceLROnPlateau(o, ReduceLROnPlateau.Mode.MIN, 0.5, 2, 0.01, true, 1, 0.02);
        // improvement needs metric < best * 0.99
        double[] metrics = {1.0, 0.995, 0.999, 0.998, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95};
        double lr = BASE, best = Double.POSITIVE_INFINITY;
        int bad = 0, cooldown = 0;
        for (double m : metrics) {
            if (m < best * (1 - 0.01)) { best = m; bad = 0; } else bad++;
            if (cooldown > 0) { cooldown--; bad = 0; }
            if (bad > 2) { lr = Math.max(lr * 0.5, 0.02); cooldown = 1; bad = 0; }
            s.step(m);
            assertEquals(lr, o.lr(), 1e-12, "after metric " + m);
        }
        assertEquals(0.02, o.lr(), 1e-12, "floored at minLr");
        SGD o2 = opt();
        var up = new ReduceLROnPlateau(o2, ReduceLROnPlateau.Mode.MAX, 0.1, 0, 0.5, false, 0, 0);
        up.step(1.0);
        up.step(1.4);
        assertEquals(BASE * 0.1, o2.lr(), 1e-12, "max mode, absolute threshold: 1.4 is not > 1.0 + 0.5");
    }

    @Test
    void invalidArgumentsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> new StepLR(opt(), 0, 0.1));
        assertTrue(e.getMessage().contains("StepLR: stepSize"), e.getMessage());
        OneCycleLR s = new OneCycleLR(opt(), 1, 2);
        s.step();
        s.step();
        assertThrows(IllegalStateException.class, s::step);
    }
}
