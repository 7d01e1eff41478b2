package dev.nabla.nn.functional;

import dev.nabla.backend.cpu.VectorMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused gate nonlinearities of the recurrent cells over one batch row, float32, forward and
 * backward side by side. Gate blocks follow PyTorch's row order of the stacked weights:
 * LSTM (i, f, g, o), GRU (r, z, n), plain RNN (one block). Each method handles the {@code H}
 * hidden units of one row: a SIMD loop plus a scalar tail that computes the same formulas.
 */
final class GateKernels {
    private GateKernels() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private static float sig(float x) { return (float) (1 / (1 + Math.exp(-x))); }

    // ------------------------------------------------------------------ LSTM

    /**
     * LSTM step for one row. {@code g} (offset go, 4H long) holds x·Wihᵀ + biases and is overwritten
     * with the activated gates i, f, g, o; {@code hg} adds h·Whhᵀ. Writes c' to {@code c} at co and
     * h' to {@code h} at ho (c at cpo is the previous cell state).
     */
    static void lstmForward(float[] g, int go, float[] hg, int hgo, float[] cp, int cpo, float[] c, int co, float[] h, int ho, int H) {
        // Passes with one transcendental each: with all five in one loop body C2 ran out of inlining
        // budget, left VectorMath calls out of line and boxed their vectors (the Vector API's slow
        // Java fallback, ~10% of an LSTM step). A row's 4H gates stay in L1 between the passes.
        addSigmoid(g, go, hg, hgo, 2 * H);             // i, f
        addTanh(g, go + 2 * H, hg, hgo + 2 * H, H);    // g
        addSigmoid(g, go + 3 * H, hg, hgo + 3 * H, H); // o
        int j = 0;
        for (int bound = S.loopBound(H); j < bound; j += L) {
            FloatVector i = FloatVector.fromArray(S, g, go + j), f = FloatVector.fromArray(S, g, go + H + j);
            FloatVector gg = FloatVector.fromArray(S, g, go + 2 * H + j), o = FloatVector.fromArray(S, g, go + 3 * H + j);
            FloatVector cn = f.mul(FloatVector.fromArray(S, cp, cpo + j)).add(i.mul(gg));
            cn.intoArray(c, co + j);
            o.mul(VectorMath.tanh(cn)).intoArray(h, ho + j);
        }
        for (; j < H; j++) {
            float cn = g[go + H + j] * cp[cpo + j] + g[go + j] * g[go + 2 * H + j];
            c[co + j] = cn;
            h[ho + j] = g[go + 3 * H + j] * (float) Math.tanh(cn);
        }
    }

    /** {@code g[k] = sigmoid(g[k] + hg[k])} for n elements. */
    private static void addSigmoid(float[] g, int go, float[] hg, int hgo, int n) {
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L)
            VectorMath.sigmoid(FloatVector.fromArray(S, g, go + j).add(FloatVector.fromArray(S, hg, hgo + j))).intoArray(g, go + j);
        for (; j < n; j++) g[go + j] = sig(g[go + j] + hg[hgo + j]);
    }

    /** {@code g[k] = tanh(g[k] + hg[k])} for n elements. */
    private static void addTanh(float[] g, int go, float[] hg, int hgo, int n) {
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L)
            VectorMath.tanh(FloatVector.fromArray(S, g, go + j).add(FloatVector.fromArray(S, hg, hgo + j))).intoArray(g, go + j);
        for (; j < n; j++) g[go + j] = (float) Math.tanh(g[go + j] + hg[hgo + j]);
    }

    /**
     * Backward of {@link #lstmForward}: from dh (at dho) and the running dc (at dco, replaced by the
     * gradient of the previous cell state) writes the pre-activation gradients of the 4 gates to
     * {@code da} at dao. {@code g} holds the activated gates, {@code c} the new and {@code cp} the
     * previous cell state.
     */
    static void lstmBackward(float[] g, int go, float[] cp, int cpo, float[] c, int co, float[] dh, int dho, float[] dc, int dco,
                             float[] da, int dao, int H) {
        int j = 0;
        for (int bound = S.loopBound(H); j < bound; j += L) {
            FloatVector i = FloatVector.fromArray(S, g, go + j), f = FloatVector.fromArray(S, g, go + H + j);
            FloatVector gg = FloatVector.fromArray(S, g, go + 2 * H + j), o = FloatVector.fromArray(S, g, go + 3 * H + j);
            FloatVector tc = VectorMath.tanh(FloatVector.fromArray(S, c, co + j));
            FloatVector d = FloatVector.fromArray(S, dh, dho + j);
            FloatVector dct = FloatVector.fromArray(S, dc, dco + j).add(d.mul(o).mul(tc.mul(tc).neg().add(1f)));
            dct.mul(gg).mul(i).mul(i.neg().add(1f)).intoArray(da, dao + j);
            dct.mul(FloatVector.fromArray(S, cp, cpo + j)).mul(f).mul(f.neg().add(1f)).intoArray(da, dao + H + j);
            dct.mul(i).mul(gg.mul(gg).neg().add(1f)).intoArray(da, dao + 2 * H + j);
            d.mul(tc).mul(o).mul(o.neg().add(1f)).intoArray(da, dao + 3 * H + j);
            dct.mul(f).intoArray(dc, dco + j);
        }
        for (; j < H; j++) {
            float i = g[go + j], f = g[go + H + j], gg = g[go + 2 * H + j], o = g[go + 3 * H + j];
            float tc = (float) Math.tanh(c[co + j]), d = dh[dho + j];
            float dct = dc[dco + j] + d * o * (1 - tc * tc);
            da[dao + j] = dct * gg * i * (1 - i);
            da[dao + H + j] = dct * cp[cpo + j] * f * (1 - f);
            da[dao + 2 * H + j] = dct * i * (1 - gg * gg);
            da[dao + 3 * H + j] = d * tc * o * (1 - o);
            dc[dco + j] = dct * f;
        }
    }

    // ------------------------------------------------------------------ GRU

    /**
     * GRU step for one row: {@code g} (3H) holds x·Wihᵀ + b_ih and is overwritten with r, z, n;
     * {@code hg} holds h·Whhᵀ + b_hh, whose n block is copied to {@code hn} (needed by backward).
     * h' = (1 - z)·n + z·h goes to {@code h} at ho; {@code hp} at hpo is the previous state.
     */
    static void gruForward(float[] g, int go, float[] hg, int hgo, float[] hp, int hpo, float[] hn, int hno, float[] h, int ho, int H) {
        int j = 0;
        for (int bound = S.loopBound(H); j < bound; j += L) {
            FloatVector r = sigmoid(FloatVector.fromArray(S, g, go + j).add(FloatVector.fromArray(S, hg, hgo + j)));
            FloatVector z = sigmoid(FloatVector.fromArray(S, g, go + H + j).add(FloatVector.fromArray(S, hg, hgo + H + j)));
            FloatVector hnv = FloatVector.fromArray(S, hg, hgo + 2 * H + j);
            FloatVector n = VectorMath.tanh(FloatVector.fromArray(S, g, go + 2 * H + j).add(r.mul(hnv)));
            r.intoArray(g, go + j); z.intoArray(g, go + H + j); n.intoArray(g, go + 2 * H + j);
            hnv.intoArray(hn, hno + j);
            FloatVector hpv = FloatVector.fromArray(S, hp, hpo + j);
            n.add(z.mul(hpv.sub(n))).intoArray(h, ho + j);
        }
        for (; j < H; j++) {
            float r = sig(g[go + j] + hg[hgo + j]), z = sig(g[go + H + j] + hg[hgo + H + j]);
            float hnv = hg[hgo + 2 * H + j];
            float n = (float) Math.tanh(g[go + 2 * H + j] + r * hnv);
            g[go + j] = r; g[go + H + j] = z; g[go + 2 * H + j] = n;
            hn[hno + j] = hnv;
            h[ho + j] = n + z * (hp[hpo + j] - n);
        }
    }

    /**
     * Backward of {@link #gruForward}: writes the gradients of x·Wihᵀ + b_ih to {@code dx} (3H) and of
     * h·Whhᵀ + b_hh to {@code dhh} (3H); {@code dh} at dho is replaced by its direct share dh·z.
     */
    static void gruBackward(float[] g, int go, float[] hp, int hpo, float[] hn, int hno, float[] dh, int dho,
                            float[] dx, int dxo, float[] dhh, int dhho, int H) {
        int j = 0;
        for (int bound = S.loopBound(H); j < bound; j += L) {
            FloatVector r = FloatVector.fromArray(S, g, go + j), z = FloatVector.fromArray(S, g, go + H + j);
            FloatVector n = FloatVector.fromArray(S, g, go + 2 * H + j), d = FloatVector.fromArray(S, dh, dho + j);
            FloatVector dan = d.mul(z.neg().add(1f)).mul(n.mul(n).neg().add(1f));
            FloatVector dar = dan.mul(FloatVector.fromArray(S, hn, hno + j)).mul(r).mul(r.neg().add(1f));
            FloatVector daz = d.mul(FloatVector.fromArray(S, hp, hpo + j).sub(n)).mul(z).mul(z.neg().add(1f));
            dar.intoArray(dx, dxo + j); daz.intoArray(dx, dxo + H + j); dan.intoArray(dx, dxo + 2 * H + j);
            dar.intoArray(dhh, dhho + j); daz.intoArray(dhh, dhho + H + j); dan.mul(r).intoArray(dhh, dhho + 2 * H + j);
            d.mul(z).intoArray(dh, dho + j);
        }
        for (; j < H; j++) {
            float r = g[go + j], z = g[go + H + j], n = g[go + 2 * H + j], d = dh[dho + j];
            float dan = d * (1 - z) * (1 - n * n);
            float dar = dan * hn[hno + j] * r * (1 - r);
            float daz = d * (hp[hpo + j] - n) * z * (1 - z);
            dx[dxo + j] = dar; dx[dxo + H + j] = daz; dx[dxo + 2 * H + j] = dan;
            dhh[dhho + j] = dar; dhh[dhho + H + j] = daz; dhh[dhho + 2 * H + j] = dan * r;
            dh[dho + j] = d * z;
        }
    }

    // ------------------------------------------------------------------ plain RNN

    /** h' = act(g + hg) into {@code h} at ho; relu when {@code relu}, else tanh. */
    static void rnnForward(float[] g, int go, float[] hg, int hgo, float[] h, int ho, int H, boolean relu) {
        int j = 0;
        for (int bound = S.loopBound(H); j < bound; j += L) {
            FloatVector a = FloatVector.fromArray(S, g, go + j).add(FloatVector.fromArray(S, hg, hgo + j));
            (relu ? a.max(0f) : VectorMath.tanh(a)).intoArray(h, ho + j);
        }
        for (; j < H; j++) {
            float a = g[go + j] + hg[hgo + j];
            h[ho + j] = relu ? Math.max(a, 0f) : (float) Math.tanh(a);
        }
    }

    /** Backward of {@link #rnnForward} from the output h' (at ho): da = dh·act'(a). */
    static void rnnBackward(float[] h, int ho, float[] dh, int dho, float[] da, int dao, int H, boolean relu) {
        int j = 0;
        for (int bound = S.loopBound(H); j < bound; j += L) {
            FloatVector y = FloatVector.fromArray(S, h, ho + j), d = FloatVector.fromArray(S, dh, dho + j);
            FloatVector r = relu ? d.blend(0f, y.compare(VectorOperators.LE, 0f)) : d.mul(y.mul(y).neg().add(1f));
            r.intoArray(da, dao + j);
        }
        for (; j < H; j++) {
            float y = h[ho + j], d = dh[dho + j];
            da[dao + j] = relu ? (y > 0 ? d : 0) : d * (1 - y * y);
        }
    }

    private static FloatVector sigmoid(FloatVector x) {
        return VectorMath.sigmoid(x);
    }

    /** {@code acc[k] += x[k]} for n elements. */
    static void addInto(float[] acc, int ao, float[] x, int xo, int n) {
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L)
            FloatVector.fromArray(S, acc, ao + j).add(FloatVector.fromArray(S, x, xo + j)).intoArray(acc, ao + j);
        for (; j < n; j++) acc[ao + j] += x[xo + j];
    }
}
