package dev.nabla.optim;

import dev.nabla.autograd.GradMode;
import dev.nabla.nn.utils.Constraints;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of all optimizers: parameter groups, each with its own hyperparameters (a mutable map of
 * doubles such as {@code lr}, {@code weight_decay}; flags are 0/1), and per-parameter state
 * tensors. {@link #step()} runs {@link #update} for every parameter that has a gradient, without
 * recording autograd history, on the raw float32 arrays.
 *
 * <p>Group options every optimizer understands: {@code max_norm} (when set, each parameter's rows
 * along dim 0 are rescaled to at most that L2 norm after the update, see
 * {@link Constraints#maxNorm_}). Options the regularizer helpers read: {@code l1}, {@code l2}.
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(model.parameters(), AdamW.options().lr(1e-3).weightDecay(0.01));
 * loss.backward(); opt.step(); opt.zeroGrad();
 * }</pre>
 */
public abstract class Optimizer {
    /** A set of parameters sharing hyperparameters. */
    public static final class ParamGroup {
        public final List<Tensor> params;
        public final Map<String, Double> options;

        public ParamGroup(List<Tensor> params, Map<String, Double> options) {
            this.params = List.copyOf(params);
            this.options = new LinkedHashMap<>(options);
        }

        public double get(String key) {
            Double v = options.get(key);
            if (v == null) throw new IllegalArgumentException("optimizer option '" + key + "' is not set in this parameter group (has " + options.keySet() + ")");
            return v;
        }

        /** A 0/1 option read as a boolean. */
        public boolean flag(String key) { return get(key) != 0; }
    }

    /**
     * What {@link #stateDict()} returns: the state tensors under {@code "state.<param index>.<name>"}
     * (param index counts over all groups in order; the step count is the int64 scalar
     * {@code "step"}), and the group options under {@code "param_groups.<g>.<option>"} as Double
     * plus {@code "param_groups.<g>.params"} as a List of param indices.
     */
    public record StateDict(Map<String, Tensor> tensors, Map<String, Object> options) {}

    protected final List<ParamGroup> groups = new ArrayList<>();
    /** Per-parameter state (e.g. "exp_avg", "step"), keyed by the parameter tensor's identity. */
    protected final Map<Tensor, Map<String, Tensor>> state = new IdentityHashMap<>();

    protected Optimizer(List<Tensor> params, Map<String, Double> defaults) {
        if (params.isEmpty()) throw new IllegalArgumentException(getClass().getSimpleName() + ": got an empty parameter list");
        groups.add(new ParamGroup(params, defaults));
    }

    /** Options shared by every optimizer (read by {@link #step()} and the regularizer helpers). */
    private static final java.util.Set<String> COMMON = java.util.Set.of("max_norm", "l1", "l2");

    /**
     * {@code defaults} overridden by {@code options}; an option the optimizer does not know is an
     * error naming the known ones (a typo would otherwise silently train with the default).
     */
    protected static Map<String, Double> merge(String optimizer, Map<String, Double> defaults, Map<String, Double> options) {
        Map<String, Double> out = new LinkedHashMap<>(defaults);
        for (var e : options.entrySet()) {
            if (!defaults.containsKey(e.getKey()) && !COMMON.contains(e.getKey()))
                throw new IllegalArgumentException(optimizer + ": unknown option '" + e.getKey() + "'; valid: " + defaults.keySet() + " and " + COMMON);
            if (e.getValue() == null || e.getValue().isNaN())
                throw new IllegalArgumentException(optimizer + ": option '" + e.getKey() + "' must be a number, got " + e.getValue());
            out.put(e.getKey(), e.getValue());
        }
        if (out.get("lr") != null && out.get("lr") < 0)
            throw new IllegalArgumentException(optimizer + ": learning rate must be >= 0, got " + out.get("lr"));
        return out;
    }

    /** Adds a group; options it does not set come from the first group's. */
    public Optimizer addParamGroup(List<Tensor> params, Map<String, Double> options) {
        Map<String, Double> merged = new LinkedHashMap<>(groups.getFirst().options);
        merged.putAll(options);
        groups.add(new ParamGroup(params, merged));
        return this;
    }

    public List<ParamGroup> paramGroups() { return groups; }

    /** Learning rate of the first group. */
    public double lr() { return groups.getFirst().get("lr"); }

    /** Sets the learning rate of every group. */
    public void setLr(double lr) { for (ParamGroup g : groups) g.options.put("lr", lr); }

    /** Sets every parameter's gradient to null. */
    public void zeroGrad() { for (ParamGroup g : groups) for (Tensor p : g.params) p.zeroGrad(); }

    /** One update of every parameter with a gradient, then the group's max-norm constraint if set. */
    public void step() {
        try (var ng = GradMode.noGrad()) {
            for (ParamGroup g : groups) {
                for (Tensor p : g.params) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    checkParam(p);
                    if (grad.dtype() != DType.FLOAT32 || !grad.isContiguous()) grad = grad.to(DType.FLOAT32).contiguous();
                    update(g, p, grad, stateOf(p));
                    p.storage().bumpVersion();
                }
                Double maxNorm = g.options.get("max_norm");
                if (maxNorm != null) for (Tensor p : g.params) Constraints.maxNorm_(p, maxNorm);
            }
        }
    }

    /**
     * Updates one parameter in place. {@code p} and {@code grad} are contiguous float32 of the same
     * shape; read them through {@code storage().floats()} from {@code offset()}.
     *
     * @param group the parameter's group (hyperparameters). Not modified.
     * @param p     the parameter. Modified.
     * @param grad  its gradient. Not modified.
     * @param state the parameter's state, empty at the first step. Modified.
     */
    protected abstract void update(ParamGroup group, Tensor p, Tensor grad, Map<String, Tensor> state);

    private void checkParam(Tensor p) {
        if (p.dtype() != DType.FLOAT32 || !p.isContiguous())
            throw new IllegalArgumentException(getClass().getSimpleName() + ": parameters must be contiguous float32, got "
                    + p.dtype() + " of shape " + Shapes.str(p.shapeRef()) + (p.isContiguous() ? "" : " (not contiguous)"));
    }

    /** The state tensors of one parameter (created empty on first use). */
    protected Map<String, Tensor> stateOf(Tensor p) { return state.computeIfAbsent(p, k -> new LinkedHashMap<>()); }

    /** The state buffer {@code name} of {@code p}, created as zeros (or {@code init}) of p's shape on first use. */
    protected static Tensor buffer(Map<String, Tensor> state, String name, Tensor p, double init) {
        Tensor b = state.get(name);
        if (b == null) {
            b = Tensor.full(init, DType.FLOAT32, p.shapeRef());
            state.put(name, b);
        }
        return b;
    }

    /** Increments and returns the step count kept as the int64 scalar {@code "step"}. */
    protected static long nextStep(Map<String, Tensor> state) {
        Tensor s = state.get("step");
        long t = s == null ? 1 : (long) s.item() + 1;
        if (s == null) state.put("step", Tensor.scalar(t, DType.INT64));
        else s.set(t);
        return t;
    }

    // ------------------------------------------------------------------ checkpoints

    /** The state and options, as copies, so training resumes exactly after {@link #loadStateDict}. */
    public StateDict stateDict() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Object> options = new LinkedHashMap<>();
        int index = 0;
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            List<Integer> ids = new ArrayList<>();
            for (Tensor p : g.params) {
                ids.add(index);
                Map<String, Tensor> s = state.get(p);
                if (s != null) for (var e : s.entrySet()) tensors.put("state." + index + "." + e.getKey(), e.getValue().clone());
                index++;
            }
            for (var e : g.options.entrySet()) options.put("param_groups." + gi + "." + e.getKey(), e.getValue());
            options.put("param_groups." + gi + ".params", ids);
        }
        return new StateDict(tensors, options);
    }

    /** Restores what {@link #stateDict()} returned for an optimizer over parameters of the same shapes and grouping. */
    public void loadStateDict(StateDict sd) {
        List<Tensor> all = new ArrayList<>();
        for (ParamGroup g : groups) all.addAll(g.params);
        for (int gi = 0; gi < groups.size(); gi++) {
            String prefix = "param_groups." + gi + ".";
            if (!sd.options().containsKey(prefix + "params"))
                throw new IllegalArgumentException("loadStateDict: the state dict has no parameter group " + gi + " (this optimizer has " + groups.size() + ")");
            Map<String, Double> opts = groups.get(gi).options;
            opts.clear();
            for (var e : sd.options().entrySet())
                if (e.getKey().startsWith(prefix) && !e.getKey().equals(prefix + "params"))
                    opts.put(e.getKey().substring(prefix.length()), ((Number) e.getValue()).doubleValue());
        }
        state.clear();
        for (var e : sd.tensors().entrySet()) {
            String[] parts = e.getKey().split("\\.", 3);
            if (parts.length != 3 || !parts[0].equals("state"))
                throw new IllegalArgumentException("loadStateDict: unexpected key '" + e.getKey() + "' (want state.<index>.<name>)");
            int idx = Integer.parseInt(parts[1]);
            if (idx >= all.size())
                throw new IllegalArgumentException("loadStateDict: state for parameter " + idx + " but the optimizer has " + all.size() + " parameters");
            Tensor p = all.get(idx), v = e.getValue();
            if (v.dim() > 0 && !Shapes.equal(v.shapeRef(), p.shapeRef()))
                throw new IllegalArgumentException("loadStateDict: '" + e.getKey() + "' has shape " + Shapes.str(v.shapeRef())
                        + " but parameter " + idx + " has shape " + Shapes.str(p.shapeRef()));
            stateOf(p).put(parts[2], v.clone());
        }
    }
}
