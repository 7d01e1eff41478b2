package dev.nabla.bench.compare;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The Nabla side runs and trains (the peers need their natives, so they are exercised by the bench itself). */
class NablaFrameworkTest {
    @Test void tinyTrialsReportPositiveMicroseconds() {
        var f = new NablaFramework();
        for (Workload w : new Workload[]{Workload.TINY_FORWARD, Workload.TINY_TRAIN}) {
            try (Trial t = f.open(w, new Framework.Setup(null, true))) {
                double us = t.sample();
                assertTrue(us > 0 && us < 1e6, w.id + ": " + us);
            }
        }
    }

    @Test void mlpStepsLowerTheLossOnARepeatedBatch() {
        FashionData d = FashionDataTest.indexed(128);
        for (int i = 0; i < d.pixels.length; i++) // pixel j lights up when j % 10 is the label: learnable
            d.pixels[i] = (i % FashionData.PIXELS) % 10 == d.labels[i / FashionData.PIXELS] ? (byte) 255 : 0;
        var b = d.new Batches(128, 1).next();
        var g = new dev.nabla.tensor.Generator(3);
        var net = new dev.nabla.nn.Sequential(new dev.nabla.nn.layers.Linear(784, 32, true, g), new dev.nabla.nn.layers.ReLU(),
                new dev.nabla.nn.layers.Linear(32, 10, true, g));
        var step = NablaFramework.trainer(net, new dev.nabla.optim.SGD(net.parameters(), java.util.Map.of("lr", 0.05, "momentum", 0.9)));
        float first = step.step(b), last = first;
        for (int i = 0; i < 20; i++) last = step.step(b);
        assertTrue(last < first * 0.8, "loss " + first + " -> " + last);
    }

    @Test void startupWorkloadIsNotAnInProcessTrial() {
        assertNull(new NablaFramework().open(Workload.STARTUP, new Framework.Setup(null, true)));
    }
}
