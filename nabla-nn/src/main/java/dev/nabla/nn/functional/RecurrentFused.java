package dev.nabla.nn.functional;

import dev.nabla.autograd.Autograd;
import dev.nabla.autograd.GradMode;
import dev.nabla.backend.cpu.Gemm;
import dev.nabla.backend.cpu.Parallel;
import dev.nabla.tensor.Tensor;

/**
 * The float32 fast path of one recurrent layer in one direction: the input projection of all time
 * steps as one GEMM, the recurrent GEMM per step into preallocated buffers, fused gate kernels
 * ({@link GateKernels}), and a hand-written backward through time recorded as ONE autograd node.
 * Its backward is not itself differentiable: under {@code createGraph} it throws (float64 inputs
 * take the composed path in {@link RecurrentReference}, which supports double backward).
 *
 * <p>Sequences shorter than T (per-row {@code lengths}) contribute zero outputs past their end and
 * carry their state unchanged, so the final state is the one at each row's last valid step; the
 * reverse direction starts at each row's own last valid step.
 */
final class RecurrentFused {
    private RecurrentFused() {}

    /**
     * Fewest batch rows a thread takes through the recurrence: one GEMM micro-tile's height, below
     * which the per-step product streams all of W_hh for too few rows.
     */
    static final int ROWS_PER_CHUNK = 8;

    /** Contiguous float data of a tensor (a copy only when it is a strided view). */
    private record Buf(float[] a, int o) {
        static Buf of(Tensor t) {
            if (t == null) return null;
            try (var ng = GradMode.noGrad()) {   // a copy made here is internal, not part of the graph
                Tensor c = t.contiguous();
                return new Buf(c.storage().floats(), c.offset());
            }
        }
    }

    /**
     * Runs one layer and direction. Shapes: x [T, B, I], h0/c0 [B, H] or null (zeros), wIh [G·H, I],
     * wHh [G·H, H], biases [G·H] or null. Returns {output [T, B, H], hN [B, H], cN [B, H] or null}.
     */
    static Tensor[] run(Recurrent.Mode mode, Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh,
                        int[] lengths, boolean reverse) {
        int T = x.size(0), B = x.size(1), I = x.size(2), H = wHh.size(1), GH = wHh.size(0);
        boolean lstm = mode == Recurrent.Mode.LSTM, gru = mode == Recurrent.Mode.GRU;
        Buf X = Buf.of(x), Wih = Buf.of(wIh), Whh = Buf.of(wHh), Bih = Buf.of(bIh), Bhh = Buf.of(bHh);
        int TB = T * B;

        // input projection of every step in one GEMM; LSTM/RNN fold both biases in, GRU keeps b_hn apart
        float[] g = new float[TB * GH];
        if (T > 0) Gemm.sgemm(false, true, TB, GH, I, X.a, X.o, I, Wih.a, Wih.o, I, 0f, g, 0, GH);
        float[] bias = new float[GH];
        if (Bih != null) System.arraycopy(Bih.a, Bih.o, bias, 0, GH);
        if (Bhh != null && !gru) GateKernels.addInto(bias, 0, Bhh.a, Bhh.o, GH);
        for (int r = 0; r < TB; r++) GateKernels.addInto(g, r * GH, bias, 0, GH);
        float[] hgBias = new float[B * GH];
        if (gru && Bhh != null) for (int b = 0; b < B; b++) System.arraycopy(Bhh.a, Bhh.o, hgBias, b * GH, GH);

        float[] h = new float[B * H], c = lstm ? new float[B * H] : null;
        if (h0 != null) { Buf b0 = Buf.of(h0); System.arraycopy(b0.a, b0.o, h, 0, B * H); }
        if (c0 != null) { Buf b0 = Buf.of(c0); System.arraycopy(b0.a, b0.o, c, 0, B * H); }
        Tensor[] inputs = {x, h0, c0, wIh, wHh, bIh, bHh};
        // backward needs every step's states; inference keeps one step's worth, overwritten each step
        boolean keep = Autograd.needs(inputs);
        int histLen = (keep ? T : 1) * B * H;
        float[] out = new float[TB * H], hPrev = new float[histLen];
        float[] cPrev = lstm ? new float[histLen] : null, cNew = lstm ? new float[histLen] : null;
        float[] hn = gru ? new float[histLen] : null;
        float[] hg = new float[B * GH];
        boolean relu = mode == Recurrent.Mode.RNN_RELU;

        // Rows of the batch never interact, so each chunk of rows runs its whole recurrence on one
        // thread: one hand-off per layer instead of one per time step, and per step a serial GEMM
        // against W_hh packed once here instead of repacked by every step's GEMM.
        Gemm.PackedB whhT = Gemm.packB(true, H, GH, Whh.a, Whh.o, H);
        Parallel.forRange(B, ROWS_PER_CHUNK, (b0, b1) -> {
            int nb = b1 - b0;
            for (int s = 0; s < T; s++) {
                final int t = reverse ? T - 1 - s : s;
                final int base = t * B * H, hist = keep ? base : 0;
                System.arraycopy(h, b0 * H, hPrev, hist + b0 * H, nb * H);
                if (lstm) System.arraycopy(c, b0 * H, cPrev, hist + b0 * H, nb * H);
                if (gru) System.arraycopy(hgBias, b0 * GH, hg, b0 * GH, nb * GH);
                Gemm.sgemm(false, nb, GH, H, h, b0 * H, H, whhT, gru ? 1f : 0f, hg, b0 * GH, GH);
                for (int b = b0; b < b1; b++) {
                    if (lengths != null && t >= lengths[b]) continue;   // past the end: output stays 0, state carried
                    int row = base + b * H, hRow = hist + b * H, gRow = (t * B + b) * GH;
                    switch (mode) {
                        case LSTM -> GateKernels.lstmForward(g, gRow, hg, b * GH, cPrev, hRow, cNew, hRow, out, row, H);
                        case GRU -> GateKernels.gruForward(g, gRow, hg, b * GH, hPrev, hRow, hn, hRow, out, row, H);
                        default -> GateKernels.rnnForward(g, gRow, hg, b * GH, out, row, H, relu);
                    }
                    System.arraycopy(out, row, h, b * H, H);
                    if (lstm) System.arraycopy(cNew, hRow, c, b * H, H);
                }
            }
        });
        Tensor output = Tensor.wrap(out, T, B, H), hN = Tensor.wrap(h, B, H), cN = lstm ? Tensor.wrap(c, B, H) : null;
        if (!keep) return new Tensor[]{output, hN, cN};

        Saved sv = new Saved(mode, T, B, I, H, GH, X, Wih, Whh, g, hPrev, cPrev, cNew, hn, out, lengths, reverse);
        Autograd.recordMulti(mode.opName(), new Tensor[]{output, hN, cN}, gOut -> backward(sv, gOut, inputs), inputs)
                .saveForBackward(x, wIh, wHh, output);
        return new Tensor[]{output, hN, cN};
    }

    private record Saved(Recurrent.Mode mode, int T, int B, int I, int H, int GH, Buf X, Buf Wih, Buf Whh,
                         float[] g, float[] hPrev, float[] cPrev, float[] cNew, float[] hn, float[] out, int[] lengths, boolean reverse) {}

    /** Back-propagation through time; returns the gradients of {x, h0, c0, wIh, wHh, bIh, bHh}. */
    private static Tensor[] backward(Saved s, Tensor[] gOut, Tensor[] inputs) {
        if (GradMode.isEnabled())
            throw new UnsupportedOperationException(s.mode.opName() + ": the fused float32 kernel has no double backward "
                    + "(backward was called with createGraph=true); run the layer in float64, whose composed path supports it");
        int T = s.T, B = s.B, H = s.H, GH = s.GH, I = s.I, TB = T * B;
        boolean lstm = s.mode == Recurrent.Mode.LSTM, gru = s.mode == Recurrent.Mode.GRU, relu = s.mode == Recurrent.Mode.RNN_RELU;
        Buf dOut = Buf.of(gOut[0]);
        float[] dh = new float[B * H], dc = lstm ? new float[B * H] : null;
        if (gOut[1] != null) { Buf d = Buf.of(gOut[1]); System.arraycopy(d.a, d.o, dh, 0, B * H); }
        if (lstm && gOut[2] != null) { Buf d = Buf.of(gOut[2]); System.arraycopy(d.a, d.o, dc, 0, B * H); }
        float[] dx = new float[TB * GH], dhh = gru ? new float[TB * GH] : dx, dhTmp = new float[B * H];
        int[] len = s.lengths;

        // chunks of batch rows back through all steps on one thread each, as in the forward
        Gemm.PackedB whh = Gemm.packB(false, GH, H, s.Whh.a, s.Whh.o, H);
        Parallel.forRange(B, ROWS_PER_CHUNK, (b0, b1) -> {
            for (int step = T - 1; step >= 0; step--) {
                final int t = s.reverse ? T - 1 - step : step;
                final int base = t * B * H;
                for (int b = b0; b < b1; b++) {
                    if (len != null && t >= len[b]) continue;   // no step here: dh, dc pass through unchanged
                    int row = base + b * H, gRow = (t * B + b) * GH;
                    if (dOut != null) GateKernels.addInto(dh, b * H, dOut.a, dOut.o + row, H);
                    switch (s.mode) {
                        case LSTM -> GateKernels.lstmBackward(s.g, gRow, s.cPrev, row, s.cNew, row, dh, b * H, dc, b * H, dx, gRow, H);
                        case GRU -> GateKernels.gruBackward(s.g, gRow, s.hPrev, row, s.hn, row, dh, b * H, dx, gRow, dhh, gRow, H);
                        default -> GateKernels.rnnBackward(s.out, row, dh, b * H, dx, gRow, H, relu);
                    }
                }
                // dh_prev = dA_hh · Whh (+ the GRU's direct z·dh already left in dh); rows past their end keep dh
                Gemm.sgemm(false, b1 - b0, H, GH, dhh, (t * B + b0) * GH, GH, whh, 0f, dhTmp, b0 * H, H);
                for (int b = b0; b < b1; b++) {
                    if (len != null && t >= len[b]) continue;
                    if (gru) GateKernels.addInto(dh, b * H, dhTmp, b * H, H);
                    else System.arraycopy(dhTmp, b * H, dh, b * H, H);
                }
            }
        });
        Tensor[] grads = new Tensor[7];
        if (inputs[0] != null && inputs[0].requiresGrad()) {
            float[] gx = new float[TB * I];
            if (T > 0) Gemm.sgemm(false, false, TB, I, GH, dx, 0, GH, s.Wih.a, s.Wih.o, I, 0f, gx, 0, I);
            grads[0] = Tensor.wrap(gx, T, B, I);
        }
        if (needs(inputs[1])) grads[1] = Tensor.wrap(dh, B, H);
        if (needs(inputs[2])) grads[2] = Tensor.wrap(dc, B, H);
        if (needs(inputs[3])) {
            float[] gw = new float[GH * I];
            if (T > 0) Gemm.sgemm(true, false, GH, I, TB, dx, 0, GH, s.X.a, s.X.o, I, 0f, gw, 0, I);
            grads[3] = Tensor.wrap(gw, GH, I);
        }
        if (needs(inputs[4])) {
            float[] gw = new float[GH * H];
            if (T > 0) Gemm.sgemm(true, false, GH, H, TB, dhh, 0, GH, s.hPrev, 0, H, 0f, gw, 0, H);
            grads[4] = Tensor.wrap(gw, GH, H);
        }
        if (needs(inputs[5])) grads[5] = Tensor.wrap(columnSums(dx, TB, GH), GH);
        if (needs(inputs[6])) grads[6] = Tensor.wrap(columnSums(dhh, TB, GH), GH);
        return grads;
    }

    private static boolean needs(Tensor t) { return t != null && t.requiresGrad(); }

    private static float[] columnSums(float[] a, int rows, int cols) {
        float[] s = new float[cols];
        for (int r = 0; r < rows; r++) GateKernels.addInto(s, 0, a, r * cols, cols);
        return s;
    }
}
