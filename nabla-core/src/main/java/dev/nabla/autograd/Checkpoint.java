package dev.nabla.autograd;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Gradient checkpointing: trades compute for memory. The segment runs once without recording (its
 * intermediate tensors are not kept); during backward it runs again with recording on, and the
 * gradient is back-propagated through that fresh graph.
 *
 * <pre>{@code
 * Tensor h = Checkpoint.checkpoint(in -> block.forward(in[0]), x);
 * }</pre>
 *
 * <p>Parameters the segment uses without receiving them as inputs (a module's weights) get their
 * {@code .grad} accumulated by the recomputation, as with a normal backward; for that reason the
 * functional {@link Autograd#grad} does not see through a checkpoint to them. If the segment draws
 * random numbers, pass its {@link Generator}: its state is restored for the recomputation so
 * both runs draw the same numbers. Double backward ({@code createGraph}) through a checkpoint is
 * not supported and fails clearly.
 */
public final class Checkpoint {
    private Checkpoint() {}

    /** The checkpointed computation. It must not modify its inputs, and must be deterministic given the generator. */
    @FunctionalInterface
    public interface Segment {
        Tensor apply(Tensor... inputs);
    }

    /** Runs {@code segment} on {@code inputs} (not modified) without keeping its intermediates. */
    public static Tensor checkpoint(Segment segment, Tensor... inputs) { return checkpoint(null, segment, inputs); }

    /**
     * As {@link #checkpoint(Segment, Tensor...)}, restoring {@code rng}'s state before the recomputation.
     *
     * @param rng the generator the segment draws from, or null
     */
    public static Tensor checkpoint(Generator rng, Segment segment, Tensor... inputs) {
        if (!GradMode.isEnabled()) return segment.apply(inputs);
        long[] rngState = rng == null ? null : rng.state();
        Tensor out;
        try (var s = GradMode.noGrad()) {
            out = segment.apply(inputs);
        }
        for (Tensor in : inputs) if (out == in) { out = in.detach(); break; }
        if (!out.dtype().isFloating()) return out;
        // recorded even when no input requires grad: parameters inside the segment may
        Autograd.recordAny("checkpoint", new Tensor[]{out}, g -> recompute(rng, rngState, segment, inputs, g[0]), inputs);
        return out;
    }

    private static Tensor[] recompute(Generator rng, long[] rngState, Segment segment, Tensor[] inputs, Tensor gradOut) {
        if (GradMode.isEnabled())
            throw new UnsupportedOperationException("checkpoint: double backward (createGraph) through a checkpointed segment is not "
                    + "supported; run the segment without Checkpoint to take higher-order gradients");
        Tensor[] detached = new Tensor[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            Tensor in = inputs[k];
            if (in == null) continue;
            detached[k] = in.detach();
            if (in.requiresGrad()) detached[k].requiresGrad(true);
        }
        long[] current = rng == null ? null : rng.state();
        Tensor y;
        try (var s = GradMode.enableGrad()) {
            if (rng != null) rng.setState(rngState);
            y = segment.apply(detached);
        } finally {
            if (rng != null) rng.setState(current);
        }
        Tensor[] grads = new Tensor[inputs.length];
        if (!y.requiresGrad()) return grads;
        Autograd.backward(new Tensor[]{y}, new Tensor[]{gradOut}, false, false);
        for (int k = 0; k < inputs.length; k++) if (detached[k] != null && detached[k].requiresGrad()) grads[k] = detached[k].grad();
        return grads;
    }
}
