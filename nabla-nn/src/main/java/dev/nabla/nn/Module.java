package dev.nabla.nn;

import dev.nabla.autograd.GradMode;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Base of every layer and model. Parameters ({@link Parameter} fields), buffers ({@link Buffer}
 * fields) and sub-modules (fields holding a {@code Module}, a {@code List} of modules or a
 * {@code Map<String, Module>}) are discovered from the fields, in declaration order: nothing is
 * registered by hand.
 *
 * <pre>{@code
 * class Mlp extends Module {
 *     final Linear fc1 = new Linear(784, 128), fc2 = new Linear(128, 10);
 *     public Tensor forward(Tensor x) { return fc2.forward(fc1.forward(x).relu()); }
 * }
 * }</pre>
 */
public abstract class Module {
    protected boolean training = true;

    /** The module's computation on one input; multi-input modules add their own overloads. */
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not take a single tensor input");
    }

    // ------------------------------------------------------------------ hooks

    /** Sees (and may replace) a module's input before {@link #forward}, or its output after it. */
    @FunctionalInterface
    public interface Hook {
        /** Returns a replacement tensor, or null to keep {@code t}. */
        Tensor apply(Module module, Tensor t);
    }

    /** Removes the hook it was returned for. */
    @FunctionalInterface
    public interface HookHandle extends AutoCloseable {
        @Override void close();
    }

    private List<Hook> preHooks, postHooks;

    /** Runs {@code hook} on the input of every {@link #call}; closing the handle removes it. */
    public HookHandle registerForwardPreHook(Hook hook) {
        if (preHooks == null) preHooks = new ArrayList<>();
        preHooks.add(hook);
        return () -> preHooks.remove(hook);
    }

    /** Runs {@code hook} on the output of every {@link #call} (e.g. to record activations); closing the handle removes it. */
    public HookHandle registerForwardHook(Hook hook) {
        if (postHooks == null) postHooks = new ArrayList<>();
        postHooks.add(hook);
        return () -> postHooks.remove(hook);
    }

    /**
     * {@link #forward} wrapped in this module's hooks: what containers ({@link Sequential}) and the
     * training API call. Calling {@code forward} directly skips the hooks.
     */
    public final Tensor call(Tensor x) {
        if (preHooks != null) for (Hook h : List.copyOf(preHooks)) { Tensor r = h.apply(this, x); if (r != null) x = r; }
        Tensor y = forward(x);
        if (postHooks != null) for (Hook h : List.copyOf(postHooks)) { Tensor r = h.apply(this, y); if (r != null) y = r; }
        return y;
    }

    // ------------------------------------------------------------------ discovery

    private record Fields(List<Field> params, List<Field> buffers, List<Field> children) {}

    private static final Map<Class<?>, Fields> FIELDS = new ConcurrentHashMap<>();

    private static Fields fieldsOf(Class<?> c) {
        return FIELDS.computeIfAbsent(c, k -> {
            List<Class<?>> chain = new ArrayList<>();
            for (Class<?> x = k; x != null && x != Module.class && x != Object.class; x = x.getSuperclass()) chain.addFirst(x);
            List<Field> p = new ArrayList<>(), b = new ArrayList<>(), ch = new ArrayList<>();
            for (Class<?> x : chain) {
                for (Field f : x.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) continue;
                    if (f.isAnnotationPresent(Parameter.class)) { f.setAccessible(true); p.add(f); }
                    else if (f.isAnnotationPresent(Buffer.class)) { f.setAccessible(true); b.add(f); }
                    else if (Module.class.isAssignableFrom(f.getType()) || List.class.isAssignableFrom(f.getType())
                            || Map.class.isAssignableFrom(f.getType())) { f.setAccessible(true); ch.add(f); }
                }
            }
            return new Fields(p, b, ch);
        });
    }

    private Object read(Field f) {
        try {
            return f.get(this);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read field " + f.getName() + " of " + getClass().getName(), e);
        }
    }

    /** The direct sub-modules with their names (field name, or field name + "." + index/key for lists and maps). */
    public Map<String, Module> namedChildren() {
        Map<String, Module> out = new LinkedHashMap<>();
        for (Field f : fieldsOf(getClass()).children) {
            Object v = read(f);
            if (v instanceof Module m) out.put(f.getName(), m);
            else if (v instanceof List<?> list) {
                boolean modules = !list.isEmpty() && list.stream().allMatch(e -> e instanceof Module);
                if (modules) for (int i = 0; i < list.size(); i++) out.put(childName(f.getName(), Integer.toString(i)), (Module) list.get(i));
            } else if (v instanceof Map<?, ?> map) {
                boolean modules = !map.isEmpty() && map.values().stream().allMatch(e -> e instanceof Module);
                if (modules) for (var e : map.entrySet()) out.put(childName(f.getName(), String.valueOf(e.getKey())), (Module) e.getValue());
            }
        }
        return out;
    }

    /** Containers name their children "0", "1"... directly; other modules prefix the field name. */
    protected String childName(String field, String key) { return field + "." + key; }

    /** Parameters of this module and all sub-modules, with dotted names like {@code encoder.0.weight}. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true, false);
        return out;
    }

    public List<Tensor> parameters() { return new ArrayList<>(namedParameters().values()); }

    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, false, true);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out, boolean params, boolean buffers) {
        Fields fs = fieldsOf(getClass());
        if (params) for (Field f : fs.params) putParams(prefix, f.getName(), read(f), out);
        if (buffers) for (Field f : fs.buffers) { Object t = read(f); if (t != null) out.putIfAbsent(prefix + f.getName(), (Tensor) t); }
        for (var e : namedChildren().entrySet()) e.getValue().collect(prefix + e.getKey() + ".", out, params, buffers);
    }

    /**
     * A {@link Parameter} field holds a Tensor (named after the field) or a {@code Map<String, Tensor>}
     * whose entries are parameters named by their keys: for layers whose parameter set depends on
     * constructor arguments, e.g. LSTM's {@code weight_ih_l0 ... weight_hh_l2_reverse}.
     */
    private static void putParams(String prefix, String field, Object v, Map<String, Tensor> out) {
        if (v instanceof Tensor t) out.putIfAbsent(prefix + field, t);
        else if (v instanceof Map<?, ?> m)
            for (var e : m.entrySet()) if (e.getValue() instanceof Tensor t) out.putIfAbsent(prefix + e.getKey(), t);
    }

    /** This module and all below it, depth first, with dotted names ("" for this one). */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        out.put("", this);
        for (var e : namedChildren().entrySet())
            for (var sub : e.getValue().namedModules().entrySet())
                out.putIfAbsent(sub.getKey().isEmpty() ? e.getKey() : e.getKey() + "." + sub.getKey(), sub.getValue());
        return out;
    }

    /** Calls {@code fn} on every sub-module, then on this one (e.g. for custom initialization). */
    public Module apply(Consumer<Module> fn) {
        for (Module m : namedChildren().values()) m.apply(fn);
        fn.accept(this);
        return this;
    }

    // ------------------------------------------------------------------ modes

    public Module train(boolean on) {
        apply(m -> m.training = on);
        return this;
    }

    public Module train() { return train(true); }

    public Module eval() { return train(false); }

    public boolean isTraining() { return training; }

    /** Stops (or restarts) gradient flow into every parameter. */
    public Module requiresGrad(boolean on) {
        for (Tensor p : parameters()) p.requiresGrad(on);
        return this;
    }

    public Module freeze() { return requiresGrad(false); }

    public Module unfreeze() { return requiresGrad(true); }

    public void zeroGrad() { for (Tensor p : parameters()) p.zeroGrad(); }

    /** Number of parameter elements (trainable only, or all). */
    public long parameterCount(boolean trainableOnly) {
        long n = 0;
        for (Tensor p : parameters()) if (!trainableOnly || p.requiresGrad()) n += p.numel();
        return n;
    }

    public long parameterCount() { return parameterCount(false); }

    // ------------------------------------------------------------------ state

    /** Parameters and buffers by dotted name (the live tensors, not copies). */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true, true);
        return out;
    }

    /** Copies values into this module's tensors; strict mode names every missing, unexpected or mis-shaped entry. */
    public void loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> mine = stateDict();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
        for (String k : mine.keySet()) if (!state.containsKey(k)) missing.add(k);
        for (String k : state.keySet()) if (!mine.containsKey(k)) unexpected.add(k);
        for (var e : mine.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src != null && !Shapes.equal(src.shapeRef(), e.getValue().shapeRef()))
                mismatched.add(e.getKey() + ": checkpoint " + Shapes.str(src.shapeRef()) + " vs model " + Shapes.str(e.getValue().shapeRef()));
        }
        if (!mismatched.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
            StringBuilder sb = new StringBuilder("loadStateDict: state does not match " + getClass().getSimpleName());
            if (!missing.isEmpty()) sb.append("; missing keys ").append(missing);
            if (!unexpected.isEmpty()) sb.append("; unexpected keys ").append(unexpected);
            if (!mismatched.isEmpty()) sb.append("; shape mismatch ").append(mismatched);
            throw new IllegalArgumentException(sb.toString());
        }
        try (var g = GradMode.noGrad()) {
            for (var e : mine.entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src != null) e.getValue().copy_(src);
            }
        }
    }

    public void loadStateDict(Map<String, Tensor> state) { loadStateDict(state, true); }

    // ------------------------------------------------------------------ printing

    /**
     * Converts every floating parameter and buffer of this module and its sub-modules to {@code dtype}
     * (e.g. {@code model.to(DType.FLOAT64)} for gradcheck). Parameters stay leaves with their
     * requiresGrad; optimizers built before the conversion hold the old tensors.
     */
    public Module to(dev.nabla.tensor.DType dtype) {
        for (Module sub : namedModules().values()) {
            Fields fs = fieldsOf(sub.getClass());
            for (Field f : fs.params) sub.convertField(f, dtype, true);
            for (Field f : fs.buffers) sub.convertField(f, dtype, false);
        }
        return this;
    }

    @SuppressWarnings("unchecked")
    private void convertField(Field f, dev.nabla.tensor.DType dtype, boolean param) {
        Object v = read(f);
        try {
            if (v instanceof Tensor t) f.set(this, converted(t, dtype, param));
            else if (v instanceof Map<?, ?> m) ((Map<String, Tensor>) m).replaceAll((k, t) -> converted(t, dtype, param));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("to: cannot write field " + f.getName() + " of " + getClass().getName(), e);
        }
    }

    private static Tensor converted(Tensor t, dev.nabla.tensor.DType dtype, boolean param) {
        if (t == null || !t.dtype().isFloating() || t.dtype() == dtype) return t;
        Tensor d;
        try (var g = GradMode.noGrad()) { d = t.detach().to(dtype).contiguousCopy().detach(); }
        return param ? d.requiresGrad(t.requiresGrad()) : d;
    }

    /** The module tree with parameter counts, like PyTorch's repr. */
    @Override public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
        Map<String, Module> ch = namedChildren();
        if (!ch.isEmpty()) {
            sb.append('\n');
            for (var e : ch.entrySet())
                sb.append("  (").append(e.getKey()).append("): ").append(e.getValue().toString().replace("\n", "\n  ")).append('\n');
        }
        return sb.append(')').toString();
    }

    /** Layer settings shown in {@link #toString()}, e.g. {@code in=784, out=10}. */
    protected String extraRepr() { return ""; }

    /** All parameters of several modules (helper for optimizers). */
    public static List<Tensor> parametersOf(Collection<? extends Module> modules) {
        List<Tensor> out = new ArrayList<>();
        for (Module m : modules) out.addAll(m.parameters());
        return out;
    }
}
