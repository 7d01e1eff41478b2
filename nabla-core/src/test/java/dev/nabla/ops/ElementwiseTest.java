package dev.nabla.ops;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static dev.nabla.ops.OpCheck.*;
import static org.junit.jupiter.api.Assertions.*;

/** Every unary and binary primitive: float32 fast paths against the float64 scalar reference. */
class ElementwiseTest {
    /** Ops defined only for positive inputs get inputs in [0.1, 3]. */
    static final Set<UnaryOp> POSITIVE = EnumSet.of(UnaryOp.LOG, UnaryOp.SQRT, UnaryOp.RSQRT, UnaryOp.LOG1P, UnaryOp.RECIPROCAL);

    static double lo(UnaryOp op) { return POSITIVE.contains(op) ? 0.1 : -4; }

    @Test
    void everyUnaryOpMatchesTheReferenceOnAwkwardSizesAndViews() {
        // a new op must be added here (and to the domain table above if it needs one)
        assertEquals(24, UnaryOp.values().length);
        int checked = 0;
        for (UnaryOp op : UnaryOp.values()) {
            for (int n : AWKWARD)
                check(op + " n=" + n, in -> Elementwise.unary(op, in[0]), rand(n, lo(op), 4, n));
            check(op + " transposed", in -> Elementwise.unary(op, in[0]), transposed(3, lo(op), 4, 13, 9));
            check(op + " strided", in -> Elementwise.unary(op, in[0]), strided(4, lo(op), 4, 37));
            check(op + " big strided", in -> Elementwise.unary(op, in[0]), strided(5, lo(op), 4, 40000));
            checked++;
        }
        assertEquals(UnaryOp.values().length, checked);
    }

    @Test
    void everyBinaryOpMatchesTheReferenceOnAwkwardSizesViewsAndBroadcasts() {
        assertEquals(16, BinaryOp.values().length);
        for (BinaryOp op : BinaryOp.values()) {
            // pow needs a positive base; comparisons get some exact ties by rounding to a grid
            double lo = op == BinaryOp.POW ? 0.1 : -3;
            for (int n : AWKWARD) {
                Tensor a = grid(op, rand(n, lo, 3, n)), b = grid(op, rand(n + 100, -3, 3, n));
                check(op + " n=" + n, in -> Elementwise.binary(op, in[0], in[1]), a, b);
                check(op + " scalar rhs n=" + n, in -> Elementwise.binary(op, in[0], in[1]), a, grid(op, rand(9, -3, 3)));
                check(op + " scalar lhs n=" + n, in -> Elementwise.binary(op, in[0], in[1]), grid(op, rand(8, 0.1, 3)), b);
            }
            check(op + " transposed", in -> Elementwise.binary(op, in[0], in[1]),
                    grid(op, transposed(1, lo, 3, 11, 19)), grid(op, rand(2, -3, 3, 11, 19)));
            check(op + " strided", in -> Elementwise.binary(op, in[0], in[1]),
                    grid(op, strided(1, lo, 3, 70001)), grid(op, strided(2, -3, 3, 70001)));
            check(op + " broadcast row/col", in -> Elementwise.binary(op, in[0], in[1]),
                    grid(op, rand(3, lo, 3, 17, 1)), grid(op, rand(4, -3, 3, 1, 33)));
            check(op + " broadcast rank", in -> Elementwise.binary(op, in[0], in[1]),
                    grid(op, rand(3, lo, 3, 5, 7, 300)), grid(op, rand(4, -3, 3, 300)));
            check(op + " broadcast big", in -> Elementwise.binary(op, in[0], in[1]),
                    grid(op, rand(3, lo, 3, 300, 257)), grid(op, rand(4, -3, 3, 257)));
        }
    }

    /** For comparisons and logical ops, values on a coarse grid so that ties (and zeros) occur. */
    static Tensor grid(BinaryOp op, Tensor t) {
        return op.kind == BinaryOp.Kind.ARITH ? t : t.mul(2).round().div(2);
    }

    @Test
    void comparisonsGiveBoolAndArithmeticKeepsTheComputeType() {
        Tensor a = Tensor.of(1f, 2f, 3f), b = Tensor.of(3f, 2f, 1f);
        assertEquals(DType.BOOL, a.lt(b).dtype());
        assertArrayEquals(new boolean[]{true, false, false}, a.lt(b).toBoolArray());
        assertArrayEquals(new boolean[]{false, true, false}, a.eq(b).toBoolArray());
        assertArrayEquals(new boolean[]{true, true, false}, a.le(2).toBoolArray());
        assertArrayEquals(new boolean[]{false, false, false}, a.logicalNot().toBoolArray());
    }

    @Test
    void roundIsHalfToEvenAndReluGivesPositiveZero() {
        assertArrayEquals(new float[]{0, 2, 2, -2, -0f}, Tensor.of(0.5f, 1.5f, 2.5f, -2.5f, -0.4f).round().toFloatArray());
        // bug fixed: the scalar path returned 0 * x = -0.0 for negatives (printed as "-0.")
        assertArrayEquals(new float[]{0, 0, 3}, Tensor.of(-1f, 0f, 3f).relu().toFloatArray());
        assertEquals("tensor([0., 0., 3.])", Tensor.of(-1f, -2f, 3f).relu().toString());
        assertTrue(Double.isNaN(Tensor.of(Float.NaN).relu().item()));
    }

    @Test
    void nanPropagatesThroughMaximumAndMinimum() {
        Tensor a = Tensor.of(Float.NaN, 1f, 5f), b = Tensor.of(0f, Float.NaN, 2f);
        float[] mx = a.maximum(b).toFloatArray(), mn = a.minimum(b).toFloatArray();
        assertTrue(Float.isNaN(mx[0]) && Float.isNaN(mx[1]) && mx[2] == 5);
        assertTrue(Float.isNaN(mn[0]) && Float.isNaN(mn[1]) && mn[2] == 2);
    }

    @Test
    void whereAndClampBroadcastAndPickTheRightSide() {
        Tensor cond = Tensor.of(new boolean[]{true, false}, 2, 1);
        Tensor r = Tensor.where(cond, Tensor.of(1f, 2f, 3f), Tensor.full(-1, 2, 3));
        assertArrayEquals(new float[]{1, 2, 3, -1, -1, -1}, r.toFloatArray());
        check("clamp strided", in -> in[0].clamp(-0.5, 0.5), strided(7, -1, 1, 50));
    }
}
