package dev.nabla.optim;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Adam's scalar loop runs most elements of the first steps while the vector loop warms up, so the
 * two must agree bit for bit: a model must train the same whichever loop updated an element.
 */
class UpdateKernelsAdamTest {
    private static float[] random(Random r, int n, float scale, boolean positive) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = positive ? r.nextFloat() * scale : (r.nextFloat() * 2 - 1) * scale;
        return a;
    }

    private static void check(float wd, float decay, boolean amsgrad) {
        Random r = new Random(11);
        int n = 1003, po = 5, go = 2;
        float[] p = random(r, po + n, 1, false), g = random(r, go + n, 0.1f, false);
        g[go + 7] = -0f;   // a signed zero gradient: where "g + 0·p" would differ from the vector loop's plain g
        float[] m = random(r, n, 0.01f, false), v = random(r, n, 1e-4f, true), vmax = amsgrad ? random(r, n, 1e-4f, true) : null;
        UpdateKernels.AdamStep h = new UpdateKernels.AdamStep(0.9f, 0.999f, 0.1f, 0.001f, 1e-3f / 0.19f, 1f / (float) Math.sqrt(0.0199), 1e-8f, wd, decay);
        float[][] vec = {p.clone(), m.clone(), v.clone(), amsgrad ? vmax.clone() : null};
        float[][] sca = {p.clone(), m.clone(), v.clone(), amsgrad ? vmax.clone() : null};
        UpdateKernels.adamRange(vec[0], po, g, go, vec[1], vec[2], vec[3], 0, n, n, h);   // all vector (tail aside)
        UpdateKernels.adamRange(sca[0], po, g, go, sca[1], sca[2], sca[3], 0, 0, n, h);   // all scalar
        String what = "wd " + wd + ", decay " + decay + ", amsgrad " + amsgrad;
        assertArrayEquals(sca[0], vec[0], "parameters, " + what);
        assertArrayEquals(sca[1], vec[1], "first moments, " + what);
        assertArrayEquals(sca[2], vec[2], "second moments, " + what);
        if (amsgrad) assertArrayEquals(sca[3], vec[3], "max second moments, " + what);
    }

    @Test void plainAdam() { check(0, 1, false); }

    @Test void coupledWeightDecay() { check(0.01f, 1, false); }

    @Test void decoupledDecayAndAmsgrad() { check(0, 0.999f, true); }
}
