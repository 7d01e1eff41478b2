package dev.nabla.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** toString follows PyTorch's layout (the dtype suffix names Nabla's dtype, e.g. {@code dtype=float64}). */
class TensorFormatTest {
    @Test
    void valuesPrintLikePyTorch() {
        assertEquals("tensor([1., 2., 3.])", Tensor.of(1f, 2f, 3f).toString());
        assertEquals("tensor([1.5000, 2.2500])", Tensor.of(1.5f, 2.25f).toString());
        assertEquals("tensor([[1., 2.],\n        [3., 4.]])", Tensor.of(new float[]{1, 2, 3, 4}, 2, 2).toString());
        assertEquals("tensor([1, 2, 3])", Tensor.of(new long[]{1, 2, 3}, 3).toString());
        assertEquals("tensor(3.5000)", Tensor.scalar(3.5).toString());
    }

    @Test
    void elementsAreRightAlignedToTheWidestOne() {
        // bug fixed: elements were not padded, so columns did not line up as in PyTorch
        assertEquals("tensor([  1.5000, -10.2500])", Tensor.of(1.5f, -10.25f).toString());
        assertEquals("tensor([ True, False,  True])", Tensor.of(new boolean[]{true, false, true}, 3).toString());
        assertEquals("tensor([[ 1., -2.],\n        [30.,  4.]])", Tensor.of(new float[]{1, -2, 30, 4}, 2, 2).toString());
    }

    @Test
    void scientificNotationWhenMagnitudesSpreadLikePyTorch() {
        assertEquals("tensor([1.0000e-05, 2.0000e+00])", Tensor.of(1e-5f, 2f).toString());
        // bug fixed: a 1000x spread of magnitudes switches to scientific notation in PyTorch
        assertEquals("tensor([1.0000e-03, 1.0000e+01])", Tensor.of(1e-3f, 10f).toString());
        assertEquals("tensor([1.0000e+09, 1.0000e+00])", Tensor.of(1e9f, 1f).toString().replace("1.0000e+09", "1.0000e+09"));
    }

    @Test
    void dtypeSuffixForNonDefaultTypes() {
        assertEquals("tensor([1., 2.], dtype=float64)", Tensor.of(new double[]{1, 2}, 2).toString());
        assertEquals("tensor([1, 2], dtype=int32)", Tensor.of(new int[]{1, 2}, 2).toString());
        assertEquals("tensor([1.5000], dtype=bfloat16)", Tensor.of(1.5f).to(DType.BFLOAT16).toString());
    }

    @Test
    void largeTensorsAreSummarized() {
        assertEquals("tensor([   0.,    1.,    2.,  ..., 1997., 1998., 1999.], shape=[2000])", Tensor.arange(2000).toString());
        String s = Tensor.arange(0, 2000, 1).reshape(40, 50).toString();
        assertTrue(s.startsWith("tensor([[   0.,    1.,    2.,  ...,   47.,   48.,   49.],\n        [  50.,"), s);
        assertTrue(s.contains("\n        ...,\n        [1850.,"), s);
        assertTrue(s.endsWith("1999.]], shape=[40, 50])"), s);
        assertTrue(s.length() < 700, "summarized output stays short");
    }

    @Test
    void emptyTensorsKeepTheirShape() {
        assertEquals("tensor([])", Tensor.zeros(0).toString());
        assertEquals("tensor([], shape=[0, 3])", Tensor.zeros(0, 3).toString());
        assertEquals("tensor([], dtype=int64)", Tensor.zeros(DType.INT64, 0).toString());
    }

    @Test
    void autogradStateIsShown() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        assertEquals("tensor([1., 2.], requires_grad=true)", x.toString());
        assertEquals("tensor([2., 4.], grad_fn=<mul>)", x.mul(2).toString());
    }
}
