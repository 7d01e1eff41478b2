package dev.nabla.ops;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Views: they share storage with their base, read the right elements, and write through. */
class MovementTest {
    /** x[i, j, k] = 100 i + 10 j + k, so every element names its own index. */
    static Tensor indexed(int a, int b, int c) {
        Tensor t = Tensor.zeros(a, b, c);
        for (int i = 0; i < a; i++) for (int j = 0; j < b; j++) for (int k = 0; k < c; k++) t.set(100 * i + 10 * j + k, i, j, k);
        return t;
    }

    @Test
    void reshapeIsAViewWhenPossibleAndCopiesOtherwise() {
        Tensor x = indexed(2, 3, 4);
        Tensor r = x.reshape(6, -1);
        assertSame(x.storage(), r.storage());
        assertArrayEquals(new int[]{6, 4}, r.shape());
        assertEquals(123, r.get(5, 3));
        Tensor t = x.transpose(0, 2);                  // [4, 3, 2], not contiguous
        Tensor flat = t.reshape(-1);
        assertNotSame(x.storage(), flat.storage(), "reshape of a transpose must copy");
        assertEquals(t.get(1, 2, 1), flat.get(1 * 6 + 2 * 2 + 1));
        // a reshape that only splits a dim of a non-contiguous tensor is still a view
        Tensor split = t.reshape(2, 2, 3, 2);
        assertSame(x.storage(), split.storage());
        assertEquals(t.get(3, 1, 0), split.get(1, 1, 1, 0));
    }

    @Test
    void reshapeOfRandomViewsKeepsRowMajorOrder() {
        // property: for any view v and any shape s with the same numel, v.reshape(s) holds v's elements in
        // row-major order; when it is a view (shared storage) view(s) must agree, otherwise view(s) must fail
        dev.nabla.tensor.Generator g = new dev.nabla.tensor.Generator(5);
        int[][] shapes = {{24}, {2, 12}, {12, 2}, {4, 6}, {2, 3, 4}, {4, 3, 2}, {2, 2, 6}, {1, 24, 1}, {3, 1, 8}, {2, 2, 2, 3}};
        int views = 0, copies = 0;
        for (int trial = 0; trial < 200; trial++) {
            Tensor base = Tensor.arange(0, 96, 1).reshape(4, 4, 6);
            Tensor v = switch ((int) g.nextLong(4)) {
                case 0 -> base.slice(0, 1, 3).slice(1, 0, 4, 2);                  // [2, 2, 6]
                case 1 -> base.permute(2, 0, 1).slice(1, 0, 1);                    // [6, 1, 4]
                case 2 -> base.slice(2, 0, 6, 3).transpose(0, 1).slice(1, 0, 3);  // [4, 3, 2]
                default -> base.select(1, 2).slice(0, 0, 4).t();                  // [6, 4]
            };
            float[] expect = v.toFloatArray();
            int[] s = shapes[(int) g.nextLong(shapes.length)];
            Tensor r = v.reshape(s);
            assertArrayEquals(s, r.shape());
            assertArrayEquals(expect, r.toFloatArray(), "reshape " + java.util.Arrays.toString(v.shape()) + " -> " + java.util.Arrays.toString(s));
            if (r.storage() == base.storage()) {
                views++;
                assertArrayEquals(expect, v.view(s).toFloatArray());
            } else {
                copies++;
                assertThrows(IllegalStateException.class, () -> v.view(s));
            }
        }
        assertTrue(views > 0 && copies > 0, views + " views, " + copies + " copies");
    }

    @Test
    void viewFailsClearlyWhenStridesForbidIt() {
        Tensor t = indexed(2, 3, 4).transpose(0, 2);
        var e = assertThrows(IllegalStateException.class, () -> t.view(-1));
        assertTrue(e.getMessage().contains("view") && e.getMessage().contains("[4, 3, 2]") && e.getMessage().contains("reshape"), e.getMessage());
        assertEquals(t.get(2, 1, 1), t.contiguous().view(-1).get(2 * 6 + 1 * 2 + 1));
    }

    @Test
    void transposePermuteAndContiguous() {
        Tensor x = indexed(2, 3, 4);
        Tensor p = x.permute(2, 0, 1);
        assertArrayEquals(new int[]{4, 2, 3}, p.shape());
        assertEquals(123, p.get(3, 1, 2));
        assertFalse(p.isContiguous());
        Tensor c = p.contiguous();
        assertTrue(c.isContiguous());
        assertNotSame(x.storage(), c.storage());
        float[] flat = c.toFloatArray();
        assertEquals(123, flat[3 * 6 + 1 * 3 + 2]);
        assertSame(x, x.contiguous(), "contiguous() of a contiguous tensor is itself");
        assertEquals(x.get(1, 2, 3), x.transpose(-1, 0).get(3, 2, 1));
        assertEquals(x.get(1, 2, 3), x.permute(-1, -2, -3).get(3, 2, 1));
    }

    @Test
    void sliceWithStepAndNegativeBounds() {
        Tensor v = Tensor.arange(10);
        assertArrayEquals(new float[]{1, 4, 7}, v.slice(0, 1, 9, 3).toFloatArray());
        assertArrayEquals(new float[]{7, 8}, v.slice(0, -3, -1).toFloatArray());
        assertArrayEquals(new float[]{}, v.slice(0, 5, 2).toFloatArray());
        assertArrayEquals(new float[]{8, 9}, v.slice(0, 8, 100).toFloatArray(), "bounds are clamped like Python");
        assertArrayEquals(new float[]{0, 1}, v.slice(0, -100, 2).toFloatArray());
        Tensor x = indexed(3, 5, 4);
        Tensor s = x.slice(1, -4, 5, 2).slice(2, 1, 4, 2);   // x[:, 1::2, 1:4:2]
        assertArrayEquals(new int[]{3, 2, 2}, s.shape());
        assertEquals(233, s.get(2, 1, 1));
        assertEquals(11, s.get(0, 0, 0));
    }

    @Test
    void narrowSelectExpandSqueezeUnsqueeze() {
        Tensor x = indexed(3, 4, 2);
        assertEquals(211, x.narrow(0, 1, 2).get(1, 1, 1));
        assertEquals(231, x.narrow(1, -1, 1).get(2, 0, 1));
        assertEquals(121, x.select(1, 2).get(1, 1));
        assertEquals(221, x.select(-3, -1).get(2, 1));
        Tensor col = Tensor.of(1f, 2f, 3f).unsqueeze(1);
        Tensor e = col.expand(3, 4);
        assertArrayEquals(new int[]{0, 0}, new int[]{e.strides()[1], 0});
        assertArrayEquals(new float[]{1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3}, e.toFloatArray());
        assertArrayEquals(new int[]{2, 3, 4}, e.expand(2, -1, 4).shape());
        Tensor u = x.unsqueeze(0).unsqueeze(-1);
        assertArrayEquals(new int[]{1, 3, 4, 2, 1}, u.shape());
        assertArrayEquals(new int[]{3, 4, 2}, u.squeeze().shape());
        assertArrayEquals(new int[]{3, 4, 2, 1}, u.squeeze(0).shape());
        assertArrayEquals(new int[]{1, 3, 4, 2, 1}, u.squeeze(1).shape(), "squeezing a dim of size != 1 is a no-op");
        assertSame(x.storage(), u.squeeze().storage());
    }

    @Test
    void flattenAndUnflatten() {
        Tensor x = indexed(2, 3, 4);
        assertArrayEquals(new int[]{24}, x.flatten().shape());
        assertArrayEquals(new int[]{2, 12}, x.flatten(1, -1).shape());
        assertArrayEquals(new int[]{6, 4}, x.flatten(0, 1).shape());
        Tensor u = x.flatten(1, 2).unflatten(1, 4, -1);
        assertArrayEquals(new int[]{2, 4, 3}, u.shape());
        assertEquals(x.reshape(2, 4, 3).get(1, 3, 2), u.get(1, 3, 2));
        assertArrayEquals(new int[]{1}, Tensor.scalar(3).flatten().shape());
        Tensor tf = x.transpose(0, 1).flatten();
        assertEquals(x.get(1, 2, 3), tf.get(2 * 8 + 1 * 4 + 3));
    }

    @Test
    void inPlaceOpsOnViewsWriteThroughToTheBase() {
        Tensor x = Tensor.arange(0, 12, 1).reshape(3, 4);
        int v0 = x.version();
        x.narrow(0, 1, 2).fill_(0);
        assertArrayEquals(new float[]{0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0}, x.toFloatArray());
        assertTrue(x.version() > v0, "fill_ through a view bumps the shared version");
        int v1 = x.version();
        x.t().select(0, 1).add_(Tensor.full(10, 3));  // column 1
        assertArrayEquals(new float[]{0, 11, 2, 3, 0, 10, 0, 0, 0, 10, 0, 0}, x.toFloatArray());
        assertTrue(x.version() > v1);
        x.slice(1, 0, 4, 2).mul_(Tensor.of(2f, 3f));   // columns 0 and 2, broadcast
        assertEquals(6, x.get(0, 2));
        x.select(0, 0).copy_(Tensor.of(9f));
        assertArrayEquals(new float[]{9, 9, 9, 9}, x.select(0, 0).toFloatArray());
        int v2 = x.version();
        x.set(5, 2, 3);
        assertEquals(5, x.get(-1, -1));
        assertEquals(v2 + 1, x.version());
        Tensor y = x.clone();
        y.zero_();
        assertEquals(5, x.get(2, 3), "clone does not share storage");
    }
}
