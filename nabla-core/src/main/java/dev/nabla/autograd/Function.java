package dev.nabla.autograd;

import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.util.HashMap;
import java.util.Map;

/**
 * A user-defined differentiable op, like {@code torch.autograd.Function}: the forward computes the
 * outputs (nothing inside it is recorded) and the backward maps output gradients to input
 * gradients. Either subclass it, or build one from two lambdas with {@link #of}:
 *
 * <pre>{@code
 * Function cube = Function.of("cube",
 *         (ctx, in) -> { ctx.saveForBackward(in[0]); return new Tensor[]{in[0].pow(3)}; },
 *         (ctx, g) -> new Tensor[]{g[0].mul(ctx.saved(0).square()).mul(3)});
 * Tensor y = cube.apply1(x);
 * }</pre>
 *
 * <p>Tensors saved with {@link Context#saveForBackward} are version-checked: modifying one in place
 * before backward makes backward fail rather than return a wrong gradient. Outputs marked with
 * {@link Context#markNonDifferentiable} get no history (e.g. an argmax index). When the backward
 * is written with tensor ops it is itself differentiable under {@code createGraph}.
 */
public abstract class Function {

    /** Forward of a lambda-built function. */
    @FunctionalInterface
    public interface Forward { Tensor[] apply(Context ctx, Tensor[] inputs); }

    /** Backward of a lambda-built function: one gradient per input (null where none is needed). */
    @FunctionalInterface
    public interface Backward { Tensor[] apply(Context ctx, Tensor[] gradOutputs); }

    /**
     * Computes the outputs from the inputs. Runs with recording off.
     *
     * @param inputs the arguments of {@link #apply} (not to be modified)
     */
    protected abstract Tensor[] forward(Context ctx, Tensor... inputs);

    /**
     * The gradients of the inputs given those of the outputs; a gradient must have its input's shape.
     * Gradients of outputs that received none (or are non-differentiable) arrive as zeros.
     */
    protected abstract Tensor[] backward(Context ctx, Tensor... gradOutputs);

    /** The label of the node in the graph (the class's simple name unless overridden). */
    public String name() { return getClass().getSimpleName(); }

    /** A function from two lambdas. */
    public static Function of(String name, Forward forward, Backward backward) {
        return new Function() {
            @Override protected Tensor[] forward(Context ctx, Tensor... inputs) { return forward.apply(ctx, inputs); }
            @Override protected Tensor[] backward(Context ctx, Tensor... g) { return backward.apply(ctx, g); }
            @Override public String name() { return name; }
        };
    }

    /** Runs forward and, when some input requires grad and grad mode is on, records one node for the call. */
    public final Tensor[] apply(Tensor... inputs) {
        Context ctx = new Context(inputs);
        Tensor[] outs;
        try (var s = GradMode.noGrad()) {
            outs = forward(ctx, inputs);
        }
        if (outs == null || outs.length == 0) throw new IllegalStateException(name() + ": forward returned no outputs");
        for (int k = 0; k < outs.length; k++) {
            if (outs[k] == null) throw new IllegalStateException(name() + ": forward returned null for output " + k);
            // an input returned as is must not have its own history replaced: hand out an alias instead
            for (Tensor in : inputs) if (outs[k] == in) { outs[k] = in.detach(); break; }
        }
        if (!Autograd.needs(inputs)) return outs;
        Tensor[] recorded = new Tensor[outs.length];
        int[][] shapes = new int[outs.length][];
        for (int k = 0; k < outs.length; k++) {
            shapes[k] = outs[k].shapeRef();
            if (!ctx.isNonDifferentiable(outs[k]) && outs[k].dtype().isFloating()) recorded[k] = outs[k];
        }
        Node node = Autograd.recordAny(name(), recorded, gradOutputs -> {
            Tensor[] g = gradOutputs.clone();
            for (int k = 0; k < g.length; k++) if (g[k] == null) g[k] = Tensor.zeros(outs[k].dtype(), shapes[k]);
            Tensor[] gIn = backward(ctx, g);
            if (gIn == null || gIn.length != inputs.length)
                throw new IllegalStateException(name() + ": backward returned " + (gIn == null ? "null" : gIn.length + " gradients")
                        + " for " + inputs.length + " inputs (return one per input, null where none is needed)");
            for (int k = 0; k < gIn.length; k++)
                if (gIn[k] != null && (inputs[k] == null || !inputs[k].requiresGrad())) gIn[k] = null;
            return gIn;
        }, inputs);
        if (ctx.saved != null) node.saveForBackward(ctx.saved);
        return outs;
    }

    /** {@link #apply} for a function with exactly one output. */
    public final Tensor apply1(Tensor... inputs) {
        Tensor[] outs = apply(inputs);
        if (outs.length != 1) throw new IllegalStateException(name() + ": apply1 needs exactly one output, forward returned " + outs.length);
        return outs[0];
    }

    /** Per-call state shared by forward and backward. */
    public static final class Context {
        private final Tensor[] inputs;
        private Tensor[] saved;
        private Tensor[] nonDifferentiable;
        private Map<String, Object> values;

        Context(Tensor[] inputs) { this.inputs = inputs; }

        /** Keeps tensors (inputs or outputs) for backward; modifying them in place afterwards fails backward. */
        public void saveForBackward(Tensor... tensors) { saved = tensors.clone(); }

        /** The saved tensors, in the order given. */
        public Tensor[] savedTensors() {
            if (saved == null) throw new IllegalStateException("savedTensors: nothing was saved with saveForBackward in forward");
            return saved.clone();
        }

        /** Saved tensor {@code k}. */
        public Tensor saved(int k) {
            if (saved == null || k < 0 || k >= saved.length)
                throw new IndexOutOfBoundsException("saved: index " + k + " but " + (saved == null ? 0 : saved.length) + " tensors were saved");
            return saved[k];
        }

        /** Marks outputs that carry no gradient (indices, masks...); they get no history. */
        public void markNonDifferentiable(Tensor... outputs) { nonDifferentiable = outputs.clone(); }

        boolean isNonDifferentiable(Tensor t) {
            if (nonDifferentiable != null) for (Tensor n : nonDifferentiable) if (n == t) return true;
            return false;
        }

        /** Whether input {@code k} needs a gradient (backward may skip work otherwise). */
        public boolean needsInputGrad(int k) {
            if (k < 0 || k >= inputs.length) throw new IndexOutOfBoundsException("needsInputGrad: input " + k + " of " + inputs.length);
            return inputs[k] != null && inputs[k].requiresGrad();
        }

        /** Stores a non-tensor value (a dim, a flag...) for backward. */
        public void put(String key, Object value) {
            if (values == null) values = new HashMap<>();
            values.put(key, value);
        }

        @SuppressWarnings("unchecked")
        public <T> T get(String key) {
            if (values == null || !values.containsKey(key))
                throw new IllegalStateException("Context.get: no value stored under '" + key + "'");
            return (T) values.get(key);
        }

        @Override public String toString() {
            return "Context(" + inputs.length + " inputs, " + (saved == null ? 0 : saved.length) + " saved, shapes "
                    + (saved == null ? "[]" : java.util.Arrays.stream(saved).map(t -> t == null ? "null" : Shapes.str(t.shapeRef())).toList()) + ")";
        }
    }
}
