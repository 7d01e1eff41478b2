package dev.nabla.nn.functional;

import dev.nabla.tensor.Tensor;

import java.util.List;

/**
 * One recurrent layer and direction composed from tensor ops, step by step. Slow, but it works in
 * any floating dtype, supports double backward, and is the definition the fused float32 kernel
 * ({@link RecurrentFused}) is tested against. Same arguments and results as {@link RecurrentFused#run}.
 */
final class RecurrentReference {
    private RecurrentReference() {}

    static Tensor[] run(Recurrent.Mode mode, Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh,
                        int[] lengths, boolean reverse) {
        int T = x.size(0), B = x.size(1), H = wHh.size(1);
        Tensor h = h0 != null ? h0 : Tensor.zeros(x.dtype(), B, H);
        Tensor c = mode == Recurrent.Mode.LSTM ? (c0 != null ? c0 : Tensor.zeros(x.dtype(), B, H)) : null;
        Tensor xg = x.matmul(wIh.t());
        if (bIh != null) xg = xg.add(bIh);
        Tensor[] outs = new Tensor[T];
        for (int s = 0; s < T; s++) {
            int t = reverse ? T - 1 - s : s;
            Tensor gx = xg.select(0, t), gh = h.matmul(wHh.t());
            if (bHh != null) gh = gh.add(bHh);
            Tensor hNew, cNew = null;
            switch (mode) {
                case LSTM -> {
                    List<Tensor> a = gx.add(gh).chunk(4, 1);
                    Tensor i = a.get(0).sigmoid(), f = a.get(1).sigmoid(), g = a.get(2).tanh(), o = a.get(3).sigmoid();
                    cNew = f.mul(c).add(i.mul(g));
                    hNew = o.mul(cNew.tanh());
                }
                case GRU -> {
                    List<Tensor> ax = gx.chunk(3, 1), ah = gh.chunk(3, 1);
                    Tensor r = ax.get(0).add(ah.get(0)).sigmoid(), z = ax.get(1).add(ah.get(1)).sigmoid();
                    Tensor n = ax.get(2).add(r.mul(ah.get(2))).tanh();
                    hNew = n.add(z.mul(h.sub(n)));
                }
                case RNN_RELU -> hNew = gx.add(gh).relu();
                default -> hNew = gx.add(gh).tanh();
            }
            if (lengths == null) {
                h = hNew;
                c = cNew;
                outs[t] = hNew;
            } else {
                // valid rows take the step; rows past their end keep their state and output zeros
                Tensor valid = validRows(lengths, t);
                h = Tensor.where(valid, hNew, h);
                if (c != null) c = Tensor.where(valid, cNew, c);
                outs[t] = hNew.mul(valid.to(x.dtype()));
            }
        }
        Tensor output = T == 0 ? Tensor.zeros(x.dtype(), 0, B, H) : Tensor.stack(0, outs);
        return new Tensor[]{output, h, c};
    }

    /** [B, 1] bool: row b is inside its sequence at time t. */
    private static Tensor validRows(int[] lengths, int t) {
        boolean[] v = new boolean[lengths.length];
        for (int b = 0; b < v.length; b++) v[b] = t < lengths[b];
        return Tensor.of(v, v.length, 1);
    }

}
