package dev.nabla.bench.compare;

/**
 * One workload set up in one framework, its model and data built and ready. The driver calls
 * {@link #warmUp()} once and then {@link #sample()} once per repeat, taking turns between the
 * frameworks so that noise from other processes falls on all of them alike.
 */
public interface Trial extends AutoCloseable {
    /** Runs the workload untimed until the JIT / allocator / thread pools have settled. */
    void warmUp();

    /** Runs and times one repeat; returns the figure in the workload's unit. */
    double sample();

    /** A short check that the work was real (e.g. the last training loss); empty if none. */
    default String note() { return ""; }

    @Override default void close() {}
}
