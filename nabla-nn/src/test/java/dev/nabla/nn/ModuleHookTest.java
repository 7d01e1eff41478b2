package dev.nabla.nn;

import dev.nabla.nn.layers.Linear;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ModuleHookTest {
    @Test
    void forwardHooksSeeAndReplaceActivationsInsideSequential() {
        Generator g = new Generator(3);
        Linear a = new Linear(4, 3, true, g), b = new Linear(3, 2, true, g);
        Sequential net = new Sequential(a, b);
        Tensor x = Tensor.randn(g, 5, 4);
        Tensor plain = net.forward(x);
        List<int[]> seen = new ArrayList<>();
        try (var h = a.registerForwardHook((m, y) -> { seen.add(y.shape()); return null; })) {
            assertTrue(net.call(x).allClose(plain, 0, 0), "an observing hook must not change the output");
        }
        assertEquals(1, seen.size());
        assertArrayEquals(new int[]{5, 3}, seen.getFirst());
        net.call(x);
        assertEquals(1, seen.size(), "a closed hook must not run again");
        // a replacing hook zeroes the first layer's output: the result is then b's bias alone
        try (var h = a.registerForwardHook((m, y) -> Tensor.zerosLike(y))) {
            Tensor out = net.call(x);
            for (int r = 0; r < 5; r++)
                for (int c = 0; c < 2; c++) assertEquals(b.bias.get(c), out.get(r, c), 1e-6);
        }
        // a pre-hook sees the input
        try (var h = b.registerForwardPreHook((m, in) -> in.mul(2))) {
            Tensor doubled = b.forward(a.forward(x).mul(2));
            assertTrue(net.call(x).allClose(doubled, 1e-6, 1e-6));
        }
    }

    @Test
    void gradientsFlowThroughAReplacingHook() {
        Generator g = new Generator(4);
        Linear a = new Linear(3, 3, true, g);
        Tensor x = Tensor.randn(g, 2, 3).requiresGrad(true);
        try (var h = a.registerForwardHook((m, y) -> y.mul(3))) {
            a.call(x).sum().backward();
        }
        Tensor expected = a.weight.detach().sum(new int[]{0}, true).expand(2, 3).mul(3);
        assertTrue(x.grad().allClose(expected, 1e-5, 1e-6));
    }
}
