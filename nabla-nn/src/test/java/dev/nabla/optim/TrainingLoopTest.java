package dev.nabla.optim;

import dev.nabla.nn.functional.CrossEntropy;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.utils.ClipGrad;
import dev.nabla.optim.schedule.CosineAnnealingLR;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** The pieces together: a linear classifier trained with each optimizer, clipping and a schedule. */
class TrainingLoopTest {
    /** Three Gaussian blobs in 4-D, labels 0..2. */
    private static Tensor[] data(Generator g) {
        int n = 96;
        float[] x = new float[n * 4];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float) (g.nextGaussian() * 0.5 + (j == y[i] ? 2 : 0));
        }
        return new Tensor[]{Tensor.of(x, n, 4), Tensor.of(y, n)};
    }

    private static double train(Function<List<Tensor>, Optimizer> make) {
        Generator g = new Generator(11);
        Tensor[] xy = data(g);
        Linear model = new Linear(4, 3, true, g);
        Optimizer opt = make.apply(model.parameters());
        var sched = new CosineAnnealingLR(opt, 60, 0);
        double first = Double.NaN, last = Double.NaN;
        for (int step = 0; step < 60; step++) {
            Tensor loss = CrossEntropy.crossEntropy(model.forward(xy[0]), xy[1]);
            if (step == 0) first = loss.item();
            last = loss.item();
            opt.zeroGrad();
            loss.backward();
            ClipGrad.clipGradNorm_(model.parameters(), 5.0);
            opt.step();
            sched.step();
        }
        return last / first;
    }

    @Test
    void everyOptimizerDrivesTheLossDown() {
        Map<String, Function<List<Tensor>, Optimizer>> all = new java.util.LinkedHashMap<>();
        all.put("SGD", ps -> new SGD(ps, Map.of("lr", 0.5, "momentum", 0.9)));
        all.put("Adam", ps -> new Adam(ps, 0.05));
        all.put("AdamW", ps -> new AdamW(ps, 0.05));
        all.put("RMSprop", ps -> new RMSprop(ps, 0.01));
        all.put("Adagrad", ps -> new Adagrad(ps, 0.3));
        all.put("Adadelta", ps -> new Adadelta(ps, 5.0));
        all.put("Adamax", ps -> new Adamax(ps, 0.1));
        all.put("NAdam", ps -> new NAdam(ps, 0.05));
        all.put("Lion", ps -> new Lion(ps, 0.01));
        for (var e : all.entrySet()) {
            double ratio = train(e.getValue());
            assertTrue(ratio < 0.5, e.getKey() + ": final loss is " + ratio + " of the initial loss");
        }
    }
}
