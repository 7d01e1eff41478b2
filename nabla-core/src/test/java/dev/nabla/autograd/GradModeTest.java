package dev.nabla.autograd;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

/** No-grad and inference scopes record nothing, nest, restore on close, and are per thread. */
class GradModeTest {
    @Test
    void noGradRecordsNothingAndRestores() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        try (var s = GradMode.noGrad()) {
            Tensor y = x.mul(2);
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
            try (var e = GradMode.enableGrad()) {
                assertTrue(x.mul(2).requiresGrad(), "enableGrad turns recording back on inside noGrad");
            }
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
        assertTrue(x.mul(2).requiresGrad());
    }

    @Test
    void inferenceModeRecordsNothingAndIsVisible() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        try (var s = GradMode.inferenceMode()) {
            assertTrue(GradMode.isInference());
            assertFalse(x.exp().requiresGrad());
        }
        assertFalse(GradMode.isInference());
        assertTrue(x.exp().requiresGrad());
    }

    @Test
    void noGradIsPerThread() throws Exception {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        AtomicBoolean otherRecorded = new AtomicBoolean();
        try (var s = GradMode.noGrad()) {
            Thread t = new Thread(() -> otherRecorded.set(x.mul(2).requiresGrad()));
            t.start();
            t.join();
            assertFalse(x.mul(2).requiresGrad());
        }
        assertTrue(otherRecorded.get(), "another thread keeps recording while this one is in noGrad");
    }
}
