package dev.nabla.backend;

import dev.nabla.backend.cpu.CpuBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Which {@link Backend} the ops run on. One process-wide choice: the CPU backend unless the system
 * property {@code nabla.backend} names another registered one ({@code nabla.backend.trace=true} prints every
 * kernel call, see {@link TracingBackend}); tests switch it for a block with
 * {@link #use(Backend)}:
 * <pre>{@code
 * try (var s = Backends.use(new ReferenceBackend())) {
 *     Tensor y = x.matmul(w);   // runs the reference kernels
 * }
 * }</pre>
 * Backends register through {@link ServiceLoader} ({@code META-INF/services/dev.nabla.backend.Backend}),
 * so an accelerator in another jar only needs to be on the class path.
 */
public final class Backends {
    private Backends() {}

    // volatile so a switch is seen by the pool's worker threads; on x86 the read costs a plain load
    private static volatile Backend current = initial();

    /** The backend the ops call now. */
    public static Backend current() { return current; }

    /** Every registered backend, in class-path order, freshly loaded. */
    public static List<Backend> available() {
        List<Backend> all = new ArrayList<>();
        for (Backend b : ServiceLoader.load(Backend.class, Backends.class.getClassLoader())) all.add(b);
        return all;
    }

    /** The registered backend called {@code name}. */
    public static Backend byName(String name) {
        if (name.equals("cpu")) return CpuBackend.INSTANCE;
        List<String> names = new ArrayList<>();
        for (Backend b : available()) {
            if (b.name().equals(name)) return b;
            names.add(b.name());
        }
        throw new IllegalArgumentException("backend: no backend named '" + name + "'; available: " + names);
    }

    /** Makes {@code b} current for the whole process until the returned scope is closed (then the previous one returns). */
    public static Scope use(Backend b) {
        Backend prev = current;
        current = b;
        return new Scope(prev);
    }

    /** Restores the previous backend on close. */
    public static final class Scope implements AutoCloseable {
        private final Backend previous;

        private Scope(Backend previous) { this.previous = previous; }

        @Override public void close() { current = previous; }
    }

    private static Backend initial() {
        Backend b = byName(System.getProperty("nabla.backend", "cpu"));
        return Boolean.getBoolean("nabla.backend.trace") ? new TracingBackend(b, System.err) : b;
    }
}
