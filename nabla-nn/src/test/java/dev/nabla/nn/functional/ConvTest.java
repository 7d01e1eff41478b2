package dev.nabla.nn.functional;

import dev.nabla.autograd.Autograd;
import dev.nabla.nn.GradCheck;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ConvTest {
    private static final Generator G = new Generator(42);

    private static Tensor rnd(int... shape) { return Tensor.randn(G, shape); }

    private static Tensor leaf(Tensor t) { return t.detach().requiresGrad(true); }

    /** A conv call on given tensors; lets one test run every geometry in float32 and float64. */
    private interface ConvCall { Tensor apply(Tensor x, Tensor w, Tensor b); }

    /** float32 (im2col + GEMM) against float64 (reference loops): output and all three gradients. */
    private static void fastMatchesReference(String what, ConvCall f, int[] xs, int[] ws, int biasLen) {
        Tensor x = rnd(xs), w = rnd(ws), b = biasLen > 0 ? rnd(biasLen) : null;
        Tensor x32 = leaf(x), w32 = leaf(w), b32 = b == null ? null : leaf(b);
        Tensor x64 = leaf(x.toDouble()), w64 = leaf(w.toDouble()), b64 = b == null ? null : leaf(b.toDouble());
        Tensor y32 = f.apply(x32, w32, b32), y64 = f.apply(x64, w64, b64);
        assertArrayEquals(y64.shape(), y32.shape(), what + ": shape");
        assertTrue(y32.allClose(y64.toFloat(), 1e-4, 1e-4), what + ": forward");
        Tensor cot = rnd(y32.shape());
        y32.backward(cot);
        y64.backward(cot.toDouble());
        assertTrue(x32.grad().allClose(x64.grad().toFloat(), 1e-4, 1e-4), what + ": input grad");
        assertTrue(w32.grad().allClose(w64.grad().toFloat(), 1e-4, 1e-3), what + ": weight grad");
        if (b != null) assertTrue(b32.grad().allClose(b64.grad().toFloat(), 1e-4, 1e-3), what + ": bias grad");
    }

    @Test void im2colGemmMatchesReferenceLoops() {
        fastMatchesReference("conv1d stride 2 pad 1 groups 2", (x, w, b) -> Conv.conv1d(x, w, b, 2, 1, 1, 2), new int[]{3, 4, 11}, new int[]{6, 2, 3}, 6);
        fastMatchesReference("conv1d dilation 3", (x, w, b) -> Conv.conv1d(x, w, b, 1, 2, 3, 1), new int[]{2, 3, 12}, new int[]{4, 3, 3}, 0);
        fastMatchesReference("conv2d pad 2 5x5", (x, w, b) -> Conv.conv2d(x, w, b, 1, 2), new int[]{4, 3, 9, 8}, new int[]{5, 3, 5, 5}, 5);
        // rows wider than a vector and not a multiple of it, one input channel (the MNIST CNN's first layer)
        fastMatchesReference("conv2d 1 channel 5x5 pad 2 wide rows", (x, w, b) -> Conv.conv2d(x, w, b, 1, 2), new int[]{3, 1, 20, 37}, new int[]{4, 1, 5, 5}, 4);
        // large enough that the forward splits the columns into several blocks of output rows (uneven last one)
        fastMatchesReference("conv2d in column blocks", (x, w, b) -> Conv.conv2d(x, w, b, 1, 1), new int[]{2, 16, 30, 31}, new int[]{3, 16, 3, 3}, 3);
        // narrow outputs (14x14, the CNN's second conv): several images share one GEMM, with a remainder, per group;
        // 6 channels x 25 taps = 150 column rows: the forward takes them in chunks of 128 + 22, the input gradient in
        // 64 + 64 + 22, split mid-channel
        fastMatchesReference("conv2d images batched into one GEMM, groups 2", (x, w, b) -> Conv.conv2d(x, w, b, new int[]{1, 1},
                new int[]{2, 2}, new int[]{1, 1}, 2), new int[]{13, 12, 14, 14}, new int[]{6, 6, 5, 5}, 6);
        // the direct weight gradient (ConvDirect): the CNN's first conv (28-wide rows, two vectors with 4 dead lanes on
        // 512-bit vectors, 25 taps = 6 whole 4-tap blocks + 1), groups with 3 out channels each (partial blocks only), and
        // 17-wide rows with an uneven H padding
        fastMatchesReference("conv2d direct weight grad, the CNN's conv1", (x, w, b) -> Conv.conv2d(x, w, b, 1, 2),
                new int[]{3, 1, 28, 28}, new int[]{32, 1, 5, 5}, 32);
        fastMatchesReference("conv2d direct weight grad, groups 3", (x, w, b) -> Conv.conv2d(x, w, b, new int[]{1, 1},
                new int[]{1, 2}, new int[]{1, 1}, 3), new int[]{3, 6, 11, 13}, new int[]{9, 2, 3, 4}, 9);
        fastMatchesReference("conv2d direct forward, groups 2 of 8 out channels, 21-wide rows", (x, w, b) -> Conv.conv2d(x, w, b,
                new int[]{1, 1}, new int[]{1, 2}, new int[]{1, 1}, 2), new int[]{3, 4, 9, 21}, new int[]{16, 2, 3, 5}, 16);
        fastMatchesReference("conv2d direct forward, rows narrower than a vector, no bias", (x, w, b) -> Conv.conv2d(x, w, b, 1, 1),
                new int[]{2, 1, 5, 6}, new int[]{8, 1, 3, 3}, 0);
        fastMatchesReference("conv2d direct weight grad, 17-wide rows", (x, w, b) -> Conv.conv2d(x, w, b, new int[]{1, 1},
                new int[]{2, 0}, new int[]{1, 1}, 1), new int[]{2, 2, 7, 19}, new int[]{8, 2, 3, 3}, 0);
        fastMatchesReference("conv2d stride (2,1) pad (0,3)", (x, w, b) -> Conv.conv2d(x, w, b, new int[]{2, 1}, new int[]{0, 3}, new int[]{1, 1}, 1),
                new int[]{2, 2, 9, 13}, new int[]{3, 2, 3, 4}, 3);
        fastMatchesReference("conv2d stride (2,3) pad (1,0) dil (2,1) groups 3",
                (x, w, b) -> Conv.conv2d(x, w, b, new int[]{2, 3}, new int[]{1, 0}, new int[]{2, 1}, 3), new int[]{3, 6, 10, 11}, new int[]{9, 2, 3, 2}, 9);
        fastMatchesReference("conv2d depthwise", (x, w, b) -> Conv.conv2d(x, w, b, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, 4),
                new int[]{2, 4, 6, 6}, new int[]{4, 1, 3, 3}, 4);
        fastMatchesReference("conv2d 1x1 (GEMM reads the input directly)", (x, w, b) -> Conv.conv2d(x, w, b, 1, 0), new int[]{3, 5, 4, 7}, new int[]{6, 5, 1, 1}, 6);
        fastMatchesReference("conv2d padding larger than kernel", (x, w, b) -> Conv.conv2d(x, w, b, 2, 3), new int[]{2, 2, 5, 5}, new int[]{3, 2, 2, 2}, 3);
        fastMatchesReference("conv3d", (x, w, b) -> Conv.conv3d(x, w, b, new int[]{1, 2, 1}, new int[]{1, 1, 0}, new int[]{1, 1, 2}, 1),
                new int[]{2, 3, 4, 5, 6}, new int[]{2, 3, 2, 3, 2}, 2);
        fastMatchesReference("conv_transpose2d stride 2 groups 2", (x, w, b) -> Conv.convTranspose2d(x, w, b, new int[]{2, 2}, new int[]{1, 0},
                new int[]{1, 0}, new int[]{1, 2}, 2), new int[]{2, 4, 4, 5}, new int[]{4, 3, 3, 3}, 6);
        fastMatchesReference("conv_transpose1d", (x, w, b) -> Conv.convTranspose1d(x, w, b, 3, 1, 2, 1, 1), new int[]{2, 3, 5}, new int[]{3, 2, 4}, 2);
    }

    @Test void theDirectWeightGradientCoversTheCnnsFirstConvOnly() {
        // the cases above exercise ConvDirect only if it takes these geometries: conv1 yes, conv2 (800 column rows) no
        ConvGeometry conv1 = new ConvGeometry(2, 1, 32, 1, new int[]{1, 28, 28}, new int[]{1, 5, 5}, new int[]{1, 28, 28},
                new int[]{1, 1, 1}, new int[]{0, 2, 2}, new int[]{1, 1, 1});
        ConvGeometry conv2 = new ConvGeometry(2, 32, 64, 1, new int[]{1, 14, 14}, new int[]{1, 5, 5}, new int[]{1, 14, 14},
                new int[]{1, 1, 1}, new int[]{0, 2, 2}, new int[]{1, 1, 1});
        ConvGeometry strided = new ConvGeometry(2, 1, 32, 1, new int[]{1, 28, 28}, new int[]{1, 5, 5}, new int[]{1, 14, 14},
                new int[]{1, 2, 2}, new int[]{0, 2, 2}, new int[]{1, 1, 1});
        assertTrue(ConvDirect.applies(conv1));
        assertTrue(ConvDirect.appliesForward(conv1));
        assertFalse(ConvDirect.applies(conv2));
        assertFalse(ConvDirect.applies(strided));
    }

    @Test void transposedConvIsTheInputGradientOfConv() {
        Tensor x = leaf(rnd(2, 4, 9, 8).toDouble()), w = rnd(6, 2, 3, 3).toDouble();
        int[] st = {2, 2}, pad = {1, 1}, dil = {2, 1};
        Tensor y = Conv.conv2d(x, w, null, st, pad, dil, 2);
        Tensor r = rnd(y.shape()).toDouble();
        y.backward(r);
        // (in-1)*s - 2p + d(k-1) + op + 1 must give back 9 and 8: output padding fills what floor() dropped
        int[] op = {9 - ((y.size(2) - 1) * 2 - 2 + 2 * 2 + 1), 8 - ((y.size(3) - 1) * 2 - 2 + 2 + 1)};
        Tensor t = Conv.convTranspose2d(r, w, null, st, pad, op, dil, 2);
        assertArrayEquals(x.shape(), t.shape());
        assertTrue(t.allClose(x.grad(), 1e-10, 1e-10));
    }

    @Test void secondOrderGradientsOfConvAreExact() {
        Tensor x = leaf(rnd(2, 4, 5, 6).toDouble()), w = leaf(rnd(6, 2, 3, 2).mul(0.5).toDouble());
        Tensor r = rnd(2, 6, 3, 4).toDouble();
        int[] st = {2, 1}, pad = {1, 0}, dil = {1, 2};
        // d/dx and d/dw of <conv(x, w)², r>, built with create-graph, must themselves pass gradcheck
        // (the square makes both depend on x and w, so every rule of the three conv nodes is exercised)
        for (int which = 0; which < 2; which++) {
            int k = which;
            GradCheck.check("conv second order, grad " + k, () -> {
                Tensor y = Conv.conv2d(x, w, null, st, pad, dil, 2);
                Tensor[] g = Autograd.grad(new Tensor[]{y.square()}, new Tensor[]{x, w}, new Tensor[]{r}, true, true, false);
                return g[k];
            }, List.of(x, w), 6, 9, (l, e) -> false);
        }
        // and through a transposed conv
        Tensor xt = leaf(rnd(1, 4, 3, 3).toDouble()), wt = leaf(rnd(4, 3, 3, 3).toDouble());
        GradCheck.check("conv_transpose second order", () -> {
            Tensor y = Conv.convTranspose2d(xt, wt, null, new int[]{2, 2}, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, 1);
            Tensor[] g = Autograd.grad(new Tensor[]{y.square().sum()}, new Tensor[]{wt}, null, true, true, false);
            return g[0];
        }, List.of(xt, wt), 6, 10, (l, e) -> false);
    }

    @Test void secondOrderThroughTheFloat32KernelsMatchesFloat64() {
        Tensor x = rnd(2, 3, 6, 5), w = rnd(4, 3, 3, 3), b = rnd(4), r = rnd(2, 4, 6, 5);
        Tensor[] grads32 = secondOrder(leaf(x), leaf(w), leaf(b), r), grads64 = secondOrder(leaf(x.toDouble()), leaf(w.toDouble()),
                leaf(b.toDouble()), r.toDouble());
        for (int k = 0; k < 3; k++) assertTrue(grads32[k].allClose(grads64[k].toFloat(), 1e-3, 1e-3), "leaf " + k);
    }

    /** Gradients w.r.t. x, w, b of Σ_θ ‖∂L/∂θ‖² with L = Σ conv(x, w, b)²·r: every conv rule runs inside another. */
    private static Tensor[] secondOrder(Tensor x, Tensor w, Tensor b, Tensor r) {
        Tensor y = Conv.conv2d(x, w, b, 1, 1);
        Tensor[] g = Autograd.grad(new Tensor[]{y.square()}, new Tensor[]{x, w, b}, new Tensor[]{r}, true, true, false);
        g[0].square().sum().add(g[1].square().sum()).add(g[2].square().sum()).backward();
        return new Tensor[]{x.grad(), w.grad(), b.grad()};
    }

    @Test void samePaddingKeepsTheSizeAndPadsTheExtraCellOnTheRight() {
        Tensor x = rnd(2, 3, 7, 6), w = rnd(4, 3, 4, 3);
        Tensor y = Conv.convPadded(2, x, w, null, "same", new int[]{1, 1}, new int[]{1, 2}, 1);
        assertArrayEquals(new int[]{2, 4, 7, 6}, y.shape());
        // height: total padding 3 = 1 left + 2 right; width: 2·(3−1) = 4 = 2 + 2
        Tensor manual = Conv.conv2d(x.pad(0, 0, 0, 1), w, null, new int[]{1, 1}, new int[]{1, 2}, new int[]{1, 2}, 1);
        assertTrue(y.allClose(manual, 1e-6, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> Conv.convPadded(2, x, w, null, "same", new int[]{2, 1}, new int[]{1, 1}, 1));
    }

    @Test void errorsNameTheOpAndTheShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(rnd(2, 3, 8), rnd(4, 3, 3, 3), null, 1, 0));
        assertEquals("conv2d: input of shape [2, 3, 8] must be 4-D [N, C, H, W]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(rnd(2, 5, 8, 8), rnd(4, 3, 3, 3), null, 1, 0));
        assertTrue(e.getMessage().contains("has 5 channels") && e.getMessage().contains("expects 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(rnd(1, 3, 2, 2), rnd(4, 3, 3, 3), null, 1, 0));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(rnd(1, 3, 5, 5), rnd(4, 3, 3, 3), rnd(3), 1, 0));
        assertTrue(e.getMessage().contains("bias of shape [3] must be [4]"), e.getMessage());
    }
}
