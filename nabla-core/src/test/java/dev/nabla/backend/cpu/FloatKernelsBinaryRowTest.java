package dev.nabla.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.ops.BinaryOp;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** binaryRow's vector loops (one per op) against the scalar definition, for every stride pattern and tail length. */
class FloatKernelsBinaryRowTest {
    @Test
    void everyOpAndStridePatternMatchesTheScalarDefinition() {
        SplittableRandom r = new SplittableRandom(5);
        int[][] strides = {{1, 1}, {1, 0}, {0, 1}, {0, 0}};
        for (BinaryOp op : new BinaryOp[]{BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV})
            for (int[] st : strides)
                for (int n : new int[]{0, 1, FloatKernels.L - 1, FloatKernels.L, 3 * FloatKernels.L + 5}) {
                    float[] a = new float[n + 3], b = new float[n + 4], o = new float[n + 2];
                    for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextDouble() * 4 - 2);
                    for (int i = 0; i < b.length; i++) b[i] = (float) (r.nextDouble() * 4 + 0.5);
                    FloatKernels.binaryRow(op, a, 3, st[0], b, 4, st[1], o, 2, n);
                    for (int i = 0; i < n; i++) {
                        float want = (float) op.apply(a[3 + i * st[0]], b[4 + i * st[1]]);
                        assertEquals(want, o[2 + i], 0f, op + " strides " + st[0] + "," + st[1] + " n=" + n + " at " + i);
                    }
                }
    }
}
