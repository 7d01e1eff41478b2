package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.backend.Backends;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** matmul (the GEMM primitive, batched and broadcast), dot, outer and einsum. */
public final class LinAlg {
    private LinAlg() {}

    public static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0)
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dim, got shapes " + Shapes.str(a.shapeRef()) + " and " + Shapes.str(b.shapeRef()));
        if (a.dim() == 1 && b.dim() == 1) return dot(a, b);
        if (a.dim() == 1) return mm(a.unsqueeze(0), b).squeeze(-2);
        if (b.dim() == 1) return mm(a, b.unsqueeze(-1)).squeeze(-1);
        return mm(a, b);
    }

    public static Tensor dot(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1 || a.numel() != b.numel())
            throw new IllegalArgumentException("dot: expects two 1-D tensors of the same length, got shapes " + Shapes.str(a.shapeRef()) + " and " + Shapes.str(b.shapeRef()));
        return mm(a.unsqueeze(0), b.unsqueeze(1)).reshape();
    }

    public static Tensor outer(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1)
            throw new IllegalArgumentException("outer: expects two 1-D tensors, got shapes " + Shapes.str(a.shapeRef()) + " and " + Shapes.str(b.shapeRef()));
        return a.unsqueeze(1).mul(b.unsqueeze(0));
    }

    /** Batched matrix product of operands with at least 2 dims; batch dims broadcast. */
    static Tensor mm(Tensor a, Tensor b) {
        int[] as = a.shapeRef(), bs = b.shapeRef();
        int m = as[as.length - 2], k = as[as.length - 1], k2 = bs[bs.length - 2], n = bs[bs.length - 1];
        if (k != k2)
            throw new IllegalArgumentException("matmul: shapes " + Shapes.str(as) + " and " + Shapes.str(bs) + " cannot be multiplied (" + k + " != " + k2 + ")");
        DType dt = DType.promote(a.dtype(), b.dtype());
        if (dt == DType.BFLOAT16 || dt == DType.FLOAT16) return mm(a.to(DType.FLOAT32), b.to(DType.FLOAT32)).to(dt);
        Tensor ac = a.to(dt), bc = b.to(dt);
        int[] batch = as.length == 2 && bs.length == 2 ? Shapes.SCALAR
                : Shapes.broadcast("matmul", Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        Tensor out = Tensor.empty(dt, outShape);
        gemmBatched(ac, bc, out, batch, m, n, k);
        if (Autograd.needs(ac, bc)) {
            Autograd.record("matmul", out, g -> new Tensor[]{
                    ac.requiresGrad() ? Elementwise.sumToShape(gradA(g, ac, bc), as) : null,
                    bc.requiresGrad() ? Elementwise.sumToShape(gradB(g, ac, bc), bs) : null
            }, ac, bc).saveForBackward(ac, bc);
        }
        return out;
    }

    // When an operand is a transposed matrix (W.t() in a linear layer), its gradient is computed
    // transposed too, so that once moved back through the transpose it is contiguous again and
    // the parameter's .grad needs no copy.

    /** dL/dA = g·Bᵀ. */
    private static Tensor gradA(Tensor g, Tensor a, Tensor b) {
        if (g.dim() == 2 && b.dim() == 2 && a.dim() == 2 && isTransposed(a)) return mm(b, g.t()).t();
        return mm(g, b.transpose(-1, -2));
    }

    /** dL/dB = Aᵀ·g. */
    private static Tensor gradB(Tensor g, Tensor a, Tensor b) {
        if (g.dim() == 2 && a.dim() == 2 && b.dim() == 2 && isTransposed(b)) return mm(g.t(), a).t();
        return mm(a.transpose(-1, -2), g);
    }

    /** A column-major matrix with more than one row and column: the transpose of a contiguous one. */
    private static boolean isTransposed(Tensor t) {
        int[] s = t.shapeRef(), st = t.stridesRef();
        return s[0] > 1 && s[1] > 1 && st[0] == 1 && st[1] == s[0];
    }

    /** Row-major or transposed layout of the last two dims, or null when a copy is needed. */
    private record Layout(boolean trans, int ld) {
        static Layout of(Tensor t, int rows, int cols) {
            int[] st = t.stridesRef();
            int sr = st[st.length - 2], sc = st[st.length - 1];
            if ((sc == 1 || cols == 1) && (sr >= cols || rows == 1)) return new Layout(false, Math.max(sr, cols));
            if ((sr == 1 || rows == 1) && (sc >= rows || cols == 1)) return new Layout(true, Math.max(sc, rows));
            return null;
        }
    }

    private static final int[] NO_STRIDES = new int[0];

    private static void gemmBatched(Tensor a, Tensor b, Tensor out, int[] batch, int m, int n, int k) {
        Layout la = Layout.of(a, m, k), lb = Layout.of(b, k, n);
        if (la == null) { a = a.detach().contiguous(); la = Layout.of(a, m, k); }
        if (lb == null) { b = b.detach().contiguous(); lb = Layout.of(b, k, n); }
        int[] aBatchSt = NO_STRIDES, bBatchSt = NO_STRIDES;
        if (batch.length > 0) {
            aBatchSt = Shapes.broadcastStrides(Arrays.copyOf(a.shapeRef(), a.dim() - 2), Arrays.copyOf(a.stridesRef(), a.dim() - 2), batch);
            bBatchSt = Shapes.broadcastStrides(Arrays.copyOf(b.shapeRef(), b.dim() - 2), Arrays.copyOf(b.stridesRef(), b.dim() - 2), batch);
        }
        Backends.current().gemm(batch, m, n, k, a.storage(), a.offset(), aBatchSt, la.trans, la.ld,
                b.storage(), b.offset(), bBatchSt, lb.trans, lb.ld, out.storage(), out.offset(), n);
    }

    /**
     * Einstein summation, e.g. {@code einsum("bij,bjk->bik", a, b)}. Supports "..." and an implicit
     * output (labels seen once, sorted). Lowers to broadcast multiply and sum, so temporaries grow
     * with the product of all label sizes; use matmul for large contractions.
     */
    public static Tensor einsum(String equation, Tensor... ops) {
        String eq = equation.replace(" ", "");
        String lhs, rhs;
        int arrow = eq.indexOf("->");
        if (arrow >= 0) { lhs = eq.substring(0, arrow); rhs = eq.substring(arrow + 2); } else { lhs = eq; rhs = null; }
        String[] terms = lhs.split(",", -1);
        if (terms.length != ops.length)
            throw new IllegalArgumentException("einsum: equation '" + equation + "' has " + terms.length + " operands but " + ops.length + " tensors were given");
        // expand "..." into upper-case placeholder labels
        int ell = 0;
        for (int t = 0; t < terms.length; t++) {
            if (terms[t].contains("...")) {
                int named = terms[t].length() - 3;
                ell = Math.max(ell, ops[t].dim() - named);
            }
        }
        StringBuilder ellLabels = new StringBuilder();
        for (int e = 0; e < ell; e++) ellLabels.append((char) ('A' + e));
        for (int t = 0; t < terms.length; t++) {
            if (terms[t].contains("...")) {
                int named = terms[t].length() - 3, n = ops[t].dim() - named;
                if (n < 0) throw new IllegalArgumentException("einsum: operand " + t + " of rank " + ops[t].dim() + " has fewer dims than its subscripts '" + terms[t] + "'");
                terms[t] = terms[t].replace("...", ellLabels.substring(ell - n));
            }
        }
        Map<Character, Integer> sizes = new LinkedHashMap<>();
        Map<Character, Integer> counts = new LinkedHashMap<>();
        for (int t = 0; t < terms.length; t++) {
            String term = terms[t];
            if (term.length() != ops[t].dim())
                throw new IllegalArgumentException("einsum: subscripts '" + term + "' name " + term.length() + " dims but operand " + t + " has shape " + Shapes.str(ops[t].shapeRef()));
            for (int i = 0; i < term.length(); i++) {
                char c = term.charAt(i);
                if (!Character.isLetter(c)) throw new IllegalArgumentException("einsum: invalid subscript '" + c + "' in '" + equation + "'");
                if (term.indexOf(c) != i)
                    throw new IllegalArgumentException("einsum: repeated subscript '" + c + "' within one operand ('" + term + "') is not supported");
                int sz = ops[t].shapeRef()[i];
                Integer prev = sizes.get(c);
                if (prev != null && prev != sz && prev != 1 && sz != 1)
                    throw new IllegalArgumentException("einsum: subscript '" + c + "' has size " + prev + " in one operand and " + sz + " in operand " + t);
                sizes.put(c, prev == null || prev == 1 ? sz : prev);
                counts.merge(c, 1, Integer::sum);
            }
        }
        if (rhs == null) {
            StringBuilder sb = new StringBuilder(ellLabels);
            counts.entrySet().stream().filter(e -> e.getValue() == 1 && Character.isLowerCase(e.getKey())).map(Map.Entry::getKey).sorted().forEach(sb::append);
            rhs = sb.toString();
        } else {
            rhs = rhs.replace("...", ellLabels);
        }
        for (char c : rhs.toCharArray())
            if (!sizes.containsKey(c)) throw new IllegalArgumentException("einsum: output subscript '" + c + "' does not appear in any input of '" + equation + "'");
        // full label order: output labels, then contracted ones
        List<Character> all = new ArrayList<>();
        for (char c : rhs.toCharArray()) all.add(c);
        for (char c : sizes.keySet()) if (!all.contains(c)) all.add(c);
        Tensor acc = null;
        for (int t = 0; t < ops.length; t++) {
            String term = terms[t];
            int[] perm = new int[term.length()];
            int[] shape = new int[all.size()];
            int p = 0;
            for (int i = 0; i < all.size(); i++) {
                int at = term.indexOf(all.get(i));
                if (at >= 0) { perm[p++] = at; shape[i] = ops[t].shapeRef()[at]; } else shape[i] = 1;
            }
            Tensor aligned = ops[t].permute(perm).reshape(shape);
            acc = acc == null ? aligned : acc.mul(aligned);
        }
        int nOut = rhs.length();
        if (all.size() > nOut) {
            int[] red = new int[all.size() - nOut];
            for (int i = 0; i < red.length; i++) red[i] = nOut + i;
            acc = acc.sum(red, false);
        }
        int[] outShape = new int[nOut];
        for (int i = 0; i < nOut; i++) outShape[i] = sizes.get(rhs.charAt(i));
        return acc.expand(outShape).contiguous();
    }
}
