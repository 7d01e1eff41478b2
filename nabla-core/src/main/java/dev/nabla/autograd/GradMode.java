package dev.nabla.autograd;

/**
 * Per-thread switch for gradient recording. Use as a try-with-resources scope:
 * <pre>{@code
 * try (var g = GradMode.noGrad()) {
 *     Tensor y = model.forward(x);   // records nothing
 * }
 * }</pre>
 */
public final class GradMode {
    private GradMode() {}

    private static final class State { boolean enabled = true; boolean inference; }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    public static boolean isEnabled() { return STATE.get().enabled; }

    public static boolean isInference() { return STATE.get().inference; }

    /** A scope with recording set as given; closing restores what was there before. */
    public static Scope set(boolean enabled) {
        State s = STATE.get();
        boolean prev = s.enabled, prevInf = s.inference;
        s.enabled = enabled;
        return () -> { s.enabled = prev; s.inference = prevInf; };
    }

    /** Records nothing until closed. */
    public static Scope noGrad() { return set(false); }

    /** Turns recording back on inside a no-grad scope. */
    public static Scope enableGrad() { return set(true); }

    /** Like {@link #noGrad()}, and marks the thread as running inference (layers may skip training-only work). */
    public static Scope inferenceMode() {
        State s = STATE.get();
        Scope inner = set(false);
        s.inference = true;
        return inner;
    }

    /** A scope that cannot throw on close. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override void close();
    }
}
