package dev.nabla.optim;

import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of all optimizers: parameter groups, each with its own hyperparameters (a mutable map of
 * doubles such as {@code lr}, {@code weight_decay}), and per-parameter state tensors.
 * Subclasses implement {@link #update}; {@link #step()} runs it for every parameter that has a
 * gradient, without recording autograd history.
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
    }

    protected final List<ParamGroup> groups = new ArrayList<>();
    /** Per-parameter state (e.g. "exp_avg", "step"), keyed by the parameter tensor's identity. */
    protected final Map<Tensor, Map<String, Tensor>> state = new java.util.IdentityHashMap<>();

    protected Optimizer(List<Tensor> params, Map<String, Double> defaults) {
        if (params.isEmpty()) throw new IllegalArgumentException(getClass().getSimpleName() + ": got an empty parameter list");
        groups.add(new ParamGroup(params, defaults));
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

    /** One update of every parameter with a gradient. */
    public abstract void step();

    /** The state tensors of one parameter (created empty on first use). */
    protected Map<String, Tensor> stateOf(Tensor p) { return state.computeIfAbsent(p, k -> new LinkedHashMap<>()); }

    /**
     * Per-parameter state for checkpoints, named {@code "i.key"} where i counts parameters over
     * all groups in order. The tensors are the live ones, not copies.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        int i = 0;
        for (ParamGroup g : groups)
            for (Tensor p : g.params) {
                Map<String, Tensor> s = state.get(p);
                if (s != null) for (var e : s.entrySet()) out.put(i + "." + e.getKey(), e.getValue());
                i++;
            }
        return out;
    }

    /** Replaces the per-parameter state with copies of {@code saved} (from {@link #stateDict()}). Not modified. */
    public void loadStateDict(Map<String, Tensor> saved) {
        List<Tensor> all = new ArrayList<>();
        for (ParamGroup g : groups) all.addAll(g.params);
        state.clear();
        for (var e : saved.entrySet()) {
            String k = e.getKey();
            int dot = k.indexOf('.');
            int i = dot > 0 ? parseIndex(k.substring(0, dot)) : -1;
            if (i < 0 || i >= all.size())
                throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: key '" + k
                        + "' does not name one of the " + all.size() + " parameters (expected 'index.name')");
            stateOf(all.get(i)).put(k.substring(dot + 1), e.getValue().clone());
        }
    }

    private static int parseIndex(String s) {
        try { return Integer.parseInt(s); } catch (NumberFormatException e) { return -1; }
    }
}
