package dev.nabla.autograd;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** A checkpointed segment gives the same values and gradients as running it directly. */
class CheckpointTest {
    private final Generator init = new Generator(3);
    private final Tensor w1 = init.normal(0, 1, 4, 3).requiresGrad(true);
    private final Tensor w2 = init.normal(0, 1, 3, 2).requiresGrad(true);

    /** A segment using a parameter it does not receive as input, and random dropout-like noise. */
    private Tensor segment(Generator rng, Tensor x) {
        Tensor noise = rng.uniform(0.5, 1.5, 2, 3);
        return x.matmul(w1).tanh().mul(noise);
    }

    @Test
    void sameGradientsAsWithoutCheckpointing() {
        Tensor x = new Generator(1).normal(0, 1, 2, 4).requiresGrad(true);
        // reference
        Tensor ref = segment(new Generator(99), x).matmul(w2).square().sum();
        ref.backward();
        float[] gx = x.grad().toFloatArray(), gw1 = w1.grad().toFloatArray(), gw2 = w2.grad().toFloatArray();
        x.zeroGrad(); w1.zeroGrad(); w2.zeroGrad();
        // checkpointed: the segment runs twice, the noise must be the same both times
        Generator rng = new Generator(99);
        Tensor h = Checkpoint.checkpoint(rng, in -> segment(rng, in[0]), x);
        assertEquals(java.util.List.of("checkpoint"), Autograd.trace(h));
        rng.uniform(0, 1, 5);   // draws after the segment must not disturb its recomputation
        Tensor loss = h.matmul(w2).square().sum();
        assertEquals(ref.item(), loss.item(), 1e-6);
        loss.backward();
        assertArrayEquals(gx, x.grad().toFloatArray(), 1e-5f);
        assertArrayEquals(gw1, w1.grad().toFloatArray(), 1e-5f);
        assertArrayEquals(gw2, w2.grad().toFloatArray(), 1e-5f);
    }

    @Test
    void theSegmentRecordsNothingInForward() {
        Tensor x = Tensor.ones(2, 4).requiresGrad(true);
        Tensor h = Checkpoint.checkpoint(in -> in[0].matmul(w1).exp().sum(new int[]{1}, false), x);
        assertEquals(1, Autograd.trace(h).size(), "only the checkpoint node is kept: " + Autograd.trace(h));
    }

    @Test
    void doubleBackwardThroughACheckpointFailsClearly() {
        Tensor x = Tensor.ones(2, 4).requiresGrad(true);
        Tensor h = Checkpoint.checkpoint(in -> in[0].matmul(w1).tanh(), x);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Autograd.grad(new Tensor[]{h.sum()}, new Tensor[]{x}, null, false, true, false));
        assertTrue(e.getMessage().contains("checkpoint"), e.getMessage());
    }
}
