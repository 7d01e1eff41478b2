package dev.nabla.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SmokeTest {
    @Test
    void addBroadcastAndBackward() {
        Tensor x = Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor y = Tensor.of(new float[]{10, 20, 30}, 3).requiresGrad(true);
        Tensor z = x.add(y).mul(x).sum();
        assertEquals(1 * 11 + 2 * 22 + 3 * 33 + 4 * 14 + 5 * 25 + 6 * 36, z.item(), 1e-3);
        z.backward();
        // d/dx (x+y)x = 2x + y ; d/dy = sum over rows of x
        assertArrayEquals(new float[]{12, 24, 36, 18, 30, 42}, x.grad().toFloatArray(), 1e-5f);
        assertArrayEquals(new float[]{5, 7, 9}, y.grad().toFloatArray(), 1e-5f);
    }

    @Test
    void matmulAndTranspose() {
        Tensor a = Tensor.arange(0, 6, 1).reshape(2, 3);
        Tensor b = a.t();
        Tensor c = a.matmul(b);
        assertArrayEquals(new float[]{5, 14, 14, 50}, c.toFloatArray(), 1e-5f);
        System.out.println(c);
        System.out.println(a.softmax(1));
    }

    @Test
    void sumDims() {
        Tensor a = Tensor.arange(0, 24, 1).reshape(2, 3, 4);
        assertArrayEquals(new float[]{12 + 0, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34}, a.sum(new int[]{0}, false).toFloatArray(), 1e-5f);
        assertArrayEquals(new float[]{6, 22, 38, 54, 70, 86}, a.sum(new int[]{2}, false).toFloatArray(), 1e-5f);
        assertArrayEquals(new float[]{12, 15, 18, 21, 48, 51, 54, 57}, a.sum(new int[]{1}, false).toFloatArray(), 1e-5f);
        assertEquals(276, a.sum().item(), 1e-4);
    }
}
