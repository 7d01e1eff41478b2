package dev.nabla.ops;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.nabla.ops.OpCheck.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * matmul and einsum. The reference is computed in float64 without the GEMM, as a broadcast
 * multiply and a sum ({@code (a[..., :, :, None] * b[..., None, :, :]).sum(-2)}), so a layout or
 * batching mistake in the GEMM path cannot hide in both sides.
 */
class LinAlgTest {
    static Tensor reference(Tensor a, Tensor b) {
        Tensor ad = a.toDouble(), bd = b.toDouble();
        boolean aVec = ad.dim() == 1, bVec = bd.dim() == 1;
        if (aVec) ad = ad.unsqueeze(0);
        if (bVec) bd = bd.unsqueeze(-1);
        Tensor r = ad.unsqueeze(-1).mul(bd.unsqueeze(-3)).sum(-2);
        if (aVec) r = r.squeeze(-2);
        if (bVec) r = r.squeeze(-1);
        return r;
    }

    static void checkMatmul(String what, Tensor a, Tensor b) {
        Tensor fast = a.matmul(b);
        assertClose(what + " float32", reference(a, b), fast, 1e-5, 1e-5);
        assertClose(what + " float64", reference(a, b), a.toDouble().matmul(b.toDouble()), 1e-12, 1e-12);
    }

    @Test
    void vectorAndMatrixOperands() {
        checkMatmul("dot", randn(1, 17), randn(2, 17));
        checkMatmul("vec @ mat", randn(1, 7), randn(2, 7, 5));
        checkMatmul("mat @ vec", randn(1, 5, 7), randn(2, 7));
        checkMatmul("vec @ batched", randn(1, 7), randn(2, 3, 7, 4));
        checkMatmul("batched @ vec", randn(1, 3, 4, 7), randn(2, 7));
        for (int n : new int[]{1, 7, 17, 65})
            checkMatmul("square " + n, randn(n, n, n), randn(n + 1, n, n));
        checkMatmul("rectangular", randn(1, 3, 129), randn(2, 129, 2));
        assertEquals(0, randn(1, 17).matmul(randn(2, 17)).dim());
    }

    @Test
    void transposedAndStridedOperands() {
        Tensor a = randn(1, 9, 6), b = randn(2, 5, 9);
        checkMatmul("A^T @ B^T", a.t(), b.t());
        checkMatmul("A^T @ B", a.t(), randn(3, 9, 4));
        checkMatmul("A @ B^T", randn(4, 5, 9), b.t());
        checkMatmul("sliced rows", randn(5, 12, 6).slice(0, 0, 12, 2), randn(6, 6, 3));
        checkMatmul("sliced cols (copy path)", randn(5, 4, 12).slice(1, 0, 12, 2), randn(6, 6, 3));
        checkMatmul("expanded row", randn(7, 1, 6).expand(4, 6), randn(8, 6, 3));
        checkMatmul("permuted batch", randn(9, 4, 2, 3).permute(1, 0, 2), randn(10, 2, 3, 5));
    }

    @Test
    void batchDimsBroadcast() {
        checkMatmul("[2,1,3,4] @ [5,4,2]", randn(1, 2, 1, 3, 4), randn(2, 5, 4, 2));
        checkMatmul("[3,4] @ [2,4,5]", randn(1, 3, 4), randn(2, 2, 4, 5));
        checkMatmul("[2,3,4] @ [4,5]", randn(1, 2, 3, 4), randn(2, 4, 5));
        checkMatmul("[1,3,4] @ [6,4,5]", randn(1, 1, 3, 4), randn(2, 6, 4, 5));
        checkMatmul("many small batches", randn(1, 300, 3, 4), randn(2, 300, 4, 5));
        assertArrayEquals(new int[]{2, 5, 3, 2}, randn(1, 2, 1, 3, 4).matmul(randn(2, 5, 4, 2)).shape());
    }

    @Test
    void integerMatmulIsExact() {
        Tensor a = Tensor.of(new long[]{1, 2, 3, 4, 5, 6}, 2, 3), b = Tensor.of(new long[]{7, 8, 9, 10, 11, 12}, 3, 2);
        assertArrayEquals(new long[]{58, 64, 139, 154}, a.matmul(b).toLongArray());
    }

    @Test
    void einsumMatchesLoopsAndMatmul() {
        Tensor a = randn(1, 2, 3, 4), b = randn(2, 2, 4, 5);
        assertClose("bij,bjk->bik", reference(a, b), Tensor.einsum("bij,bjk->bik", a, b), 1e-5, 1e-5);
        assertClose("...ij,...jk", reference(a, b), Tensor.einsum("...ij,...jk->...ik", a, b), 1e-5, 1e-5);
        Tensor m = randn(3, 4, 6);
        Tensor mt = Tensor.einsum("ij->ji", m);
        assertClose("transpose", m.t(), mt, 0, 0);
        assertEquals(m.sum().item(), Tensor.einsum("ij->", m).item(), 1e-5);
        Tensor x = randn(4, 5), y = randn(5, 3);
        Tensor outer = Tensor.einsum("i,j->ij", x, y);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 3; j++) assertEquals(x.get(i) * y.get(j), outer.get(i, j), 1e-6);
        assertClose("implicit output ik", reference(m, randn(6, 6, 2)), Tensor.einsum("ij,jk", m, randn(6, 6, 2)), 1e-5, 1e-5);
        double trace = 0;
        Tensor bil = Tensor.einsum("i,ij,j->", x, randn(7, 5, 5), x);
        Tensor w = randn(7, 5, 5);
        for (int i = 0; i < 5; i++) for (int j = 0; j < 5; j++) trace += x.get(i) * w.get(i, j) * x.get(j);
        assertEquals(trace, bil.item(), 1e-4);
    }
}
