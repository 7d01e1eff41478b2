package dev.nabla.ops;

import dev.nabla.tensor.DType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The closed set of differentiable primitives: every label an op in {@code dev.nabla.ops} records
 * on the autograd tape, with its family. Composite ops (mean, var, logsumexp, einsum, ...) lower to
 * these and record nothing of their own.
 *
 * <p>The op contract test enumerates {@link #all()} and runs gradcheck on a sample of each, so a
 * primitive added here without a sample fails the build; {@code Autograd.record} asserts that the
 * label it is given is registered, so a primitive recorded without being added here fails too.
 *
 * <p>Ops implemented outside nabla-core (fused kernels in nabla-nn) are contributed by a
 * {@link Provider} listed in that module's {@code META-INF/services}, so they are known before the
 * first one is recorded; {@link #register} adds one at run time. That module's tests must gradcheck
 * them: the core contract test only sees what core registers.
 */
public final class OpRegistry {
    private OpRegistry() {}

    /** Op families; the contract test runs second-order checks on ELEMENTWISE, LINALG and REDUCTION. */
    public enum Family { ELEMENTWISE, CAST, REDUCTION, LINALG, MOVEMENT, JOIN, INDEXING, FUSED }

    /**
     * Contributes the fused ops of another module (conv, pooling, norms, recurrent layers, fused
     * losses), found with {@link java.util.ServiceLoader}; their gradients are checked by that
     * module's own contract tests.
     */
    public interface Provider {
        /** Labels this module records, with their family (usually {@link Family#FUSED}). */
        Map<String, Family> ops();
    }

    /** One registered primitive: the label it records under, and its family. */
    public record OpInfo(String label, Family family) {}

    private static final Map<String, OpInfo> OPS = build();

    /**
     * Adds a primitive defined outside nabla-core. Registering the same label with the same family
     * again is a no-op; with another family it is an error.
     */
    public static void register(String label, Family family) {
        synchronized (OPS) {
            OpInfo prev = OPS.get(label);
            if (prev != null && prev.family() != family)
                throw new IllegalStateException("OpRegistry.register: '" + label + "' is already registered as " + prev.family());
            OPS.putIfAbsent(label, new OpInfo(label, family));
        }
    }

    private static Map<String, OpInfo> build() {
        Map<String, OpInfo> m = new LinkedHashMap<>();
        for (UnaryOp op : UnaryOp.values()) put(m, op.label, Family.ELEMENTWISE);
        for (BinaryOp op : BinaryOp.values()) if (op.kind == BinaryOp.Kind.ARITH) put(m, op.label, Family.ELEMENTWISE);
        put(m, "where", Family.ELEMENTWISE);
        put(m, "clamp", Family.ELEMENTWISE);
        put(m, "fma", Family.ELEMENTWISE);
        for (DType dt : DType.values()) if (dt.isFloating()) put(m, castLabel(dt), Family.CAST);
        for (String op : new String[]{"sum", "prod", "amax", "amin", "cumsum", "softmax", "log_softmax"}) put(m, op, Family.REDUCTION);
        put(m, "matmul", Family.LINALG);
        for (String op : new String[]{"view", "reshape", "permute", "slice", "narrow", "expand", "slice_backward", "clone"})
            put(m, op, Family.MOVEMENT);
        put(m, "cat", Family.JOIN);
        for (String op : new String[]{"index_select", "index_add", "gather", "scatter", "scatter_add"}) put(m, op, Family.INDEXING);
        for (Provider p : java.util.ServiceLoader.load(Provider.class, OpRegistry.class.getClassLoader()))
            for (var e : p.ops().entrySet()) put(m, e.getKey(), e.getValue());
        return m;
    }

    private static void put(Map<String, OpInfo> m, String label, Family f) {
        if (m.put(label, new OpInfo(label, f)) != null) throw new IllegalStateException("OpRegistry: label '" + label + "' registered twice");
    }

    /** The label a cast to {@code dt} records under, e.g. {@code "to_float64"}. */
    public static String castLabel(DType dt) { return "to_" + dt.label(); }

    /** Every registered primitive, in a stable order. */
    public static List<OpInfo> all() {
        synchronized (OPS) {
            return new ArrayList<>(OPS.values());
        }
    }

    public static boolean isRegistered(String label) {
        synchronized (OPS) {
            return OPS.containsKey(label);
        }
    }

    /** The primitive recorded under {@code label}. */
    public static OpInfo get(String label) {
        OpInfo o;
        synchronized (OPS) {
            o = OPS.get(label);
        }
        if (o == null) throw new IllegalArgumentException("OpRegistry: no primitive is recorded as '" + label + "'; known: " + OPS.keySet());
        return o;
    }
}
