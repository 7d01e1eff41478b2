package dev.nabla.ops;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Transposed-operand gradients of the matmul agree with float64 (the tiny-operand kernel itself: CpuMatmulTest). */
class SmallMatmulTest {
    @Test
    void linearLayerGradientsInFloat32MatchFloat64AndAreContiguous() {
        Generator g = new Generator(6);
        Tensor x = g.normal(0, 1, 2, 4), w = g.normal(0, 1, 3, 4).requiresGrad(true);
        Tensor x64 = x.to(DType.FLOAT64), w64 = w.detach().to(DType.FLOAT64).requiresGrad(true);
        x.matmul(w.t()).tanh().sum().backward();
        x64.matmul(w64.t()).tanh().sum().backward();
        assertTrue(w.grad().isContiguous(), "the weight gradient is computed transposed, so it lands contiguous");
        double[] a = w.grad().toDoubleArray(), b = w64.grad().toDoubleArray();
        for (int i = 0; i < a.length; i++) assertEquals(b[i], a[i], 1e-5);
    }
}
