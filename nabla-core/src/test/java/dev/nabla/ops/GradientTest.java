package dev.nabla.ops;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static dev.nabla.ops.OpCheck.*;
import static org.junit.jupiter.api.Assertions.*;

/** Chain rules of the primitives against finite differences (float64). */
class GradientTest {
    /** Piecewise-constant ops: their gradient is zero, which finite differences confirm away from the jumps. */
    static final Set<UnaryOp> STEP = EnumSet.of(UnaryOp.SIGN, UnaryOp.FLOOR, UnaryOp.CEIL, UnaryOp.ROUND);

    @Test
    void everyUnaryOp() {
        assertEquals(24, UnaryOp.values().length);
        for (UnaryOp op : UnaryOp.values()) {
            double lo = ElementwiseTest.POSITIVE.contains(op) ? 0.2 : -2;
            // keep step ops and |x|, relu away from their kinks: values in (0.1, 0.4) + integers
            Tensor x = STEP.contains(op) || op == UnaryOp.ABS || op == UnaryOp.RELU
                    ? rand(1, 0.1, 0.4, 2, 3).add(Tensor.of(new float[]{-2, -1, 0, 1, 2, 3}, 2, 3)) : rand(1, lo, 2, 2, 3);
            GradCheck.check(op.label, in -> Elementwise.unary(op, in[0]), x);
        }
    }

    @Test
    void everyArithmeticBinaryOpWithBroadcasting() {
        for (BinaryOp op : BinaryOp.values()) {
            if (op.kind != BinaryOp.Kind.ARITH) continue;
            Tensor a = rand(2, 0.5, 2, 2, 3), b = rand(3, -1, 1, 3);
            if (op == BinaryOp.DIV || op == BinaryOp.POW) b = rand(3, 0.5, 1.5, 3);
            GradCheck.check(op.label, in -> Elementwise.binary(op, in[0], in[1]), a, b);
        }
    }

    @Test
    void reductions() {
        Tensor x = rand(4, 0.5, 1.5, 2, 3, 4);
        GradCheck.check("sum", in -> in[0].sum(new int[]{0, 2}, true), x);
        GradCheck.check("mean", in -> in[0].mean(new int[]{1}, false), x);
        GradCheck.check("prod", in -> in[0].prod(new int[]{2}, false), x);
        GradCheck.check("amax", in -> in[0].amax(new int[]{1, 2}, false), x);
        GradCheck.check("max dim", in -> in[0].max(1, true).values(), x);
        GradCheck.check("var", in -> in[0].var(new int[]{2}, 1, false), x);
        GradCheck.check("std", in -> in[0].std(), x);
        GradCheck.check("logsumexp", in -> in[0].logsumexp(new int[]{0}, false), x);
        GradCheck.check("norm", in -> in[0].norm(3, new int[]{1}, false), x);
        GradCheck.check("cumsum", in -> in[0].cumsum(1), x);
        GradCheck.check("softmax", in -> in[0].softmax(1), x);
        GradCheck.check("log_softmax", in -> in[0].logSoftmax(0), x);
    }

    @Test
    void movementIndexingAndJoins() {
        Tensor x = randn(5, 3, 4);
        GradCheck.check("slice", in -> in[0].slice(1, -3, 4, 2).slice(0, 0, 3, 2), x);
        GradCheck.check("permute+reshape", in -> in[0].t().reshape(2, 6), x);
        GradCheck.check("expand", in -> in[0].unsqueeze(0).expand(2, 3, 4), x);
        GradCheck.check("index_select", in -> in[0].indexSelect(1, Tensor.of(new long[]{3, 0, 3}, 3)), x);
        GradCheck.check("gather", in -> in[0].gather(1, Tensor.of(new long[]{1, 1, 0, 3, 2, 2}, 3, 2)), x);
        GradCheck.check("scatter_add", in -> in[0].scatterAdd(1, Tensor.of(new long[]{1, 1, 0, 3, 2, 2}, 3, 2), in[1]), x, randn(6, 3, 2));
        GradCheck.check("where", in -> Tensor.where(in[0].gt(0), in[0], in[1]), x, randn(7, 4));
        GradCheck.check("cat", in -> Tensor.cat(1, in[0], in[1]), x, randn(8, 3, 2));
        GradCheck.check("stack", in -> Tensor.stack(0, in[0], in[1]), x, randn(9, 3, 4));
        GradCheck.check("pad reflect", in -> in[0].pad(new int[]{2, 1}, Indexing.PadMode.REFLECT, 0), x);
        GradCheck.check("matmul batched", in -> in[0].matmul(in[1]), randn(10, 2, 3, 4), randn(11, 4, 2));
        GradCheck.check("einsum", in -> Tensor.einsum("ij,jk->ik", in[0], in[1]), x, randn(12, 4, 2));
    }
}
