package dev.nabla.nn.functional;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The 2×2 pool's two plane loops must agree bit for bit: forward runs the scalar one while the
 * vector one warms up (a few batches), then the vector one, so a model's results must not depend
 * on which of them pooled a plane.
 */
class MaxPool2x2PathsTest {
    @Test void vectorAndScalarPlanesPickTheSameCellsAndValues() {
        assumeTrue(MaxPool2x2.VECTOR, "no vector path on this machine (preferred species under 8 floats)");
        Random r = new Random(7);
        for (int[] hw : new int[][]{{28, 28}, {14, 14}, {2, 2}, {6, 10}, {4, 34}}) {
            int h = hw[0], w = hw[1], out = h / 2 * (w / 2), base = 3;
            float[] x = new float[base + h * w];
            for (int i = 0; i < x.length; i++) {
                int kind = r.nextInt(10);   // ties and NaNs, where the two loops could disagree on the cell
                x[i] = kind == 0 ? Float.NaN : kind < 4 ? 1f : r.nextFloat() * 4 - 2;
            }
            float[] yv = new float[out + 1], ys = new float[out + 1];
            byte[] pv = new byte[out + 1], ps = new byte[out + 1];
            MaxPool2x2.plane(x, base, h, w, yv, pv, 1, MaxPool2x2.scratch(h * w));
            MaxPool2x2.planeScalar(x, base, h, w, ys, ps, 1);
            assertArrayEquals(ps, pv, "winning cells of a " + h + "x" + w + " plane");
            assertArrayEquals(ys, yv, "maxima of a " + h + "x" + w + " plane");   // NaN == NaN for assertArrayEquals
        }
    }
}
