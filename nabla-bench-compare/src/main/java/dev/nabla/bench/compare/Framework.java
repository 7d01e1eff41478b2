package dev.nabla.bench.compare;

/**
 * A framework under comparison: builds each workload with the same configuration as the others.
 * Implementations: {@link NablaFramework}, {@link DjlFramework} (PyTorch), {@link TfFramework}.
 */
public interface Framework extends AutoCloseable {
    /** Short name used in the report ("Nabla", "PyTorch", "TensorFlow"). */
    String name();

    /** The workload set up and ready to time, or null when this framework does not run it (the report says so). */
    Trial open(Workload w, Setup setup);

    /**
     * Builds the CNN and trains it on the first batch of {@code data} (batch 128, Adam 1e-3):
     * the loss of that batch. Used by the start-up probe in a fresh JVM.
     */
    float firstCnnLoss(FashionData data);

    @Override default void close() {}

    /**
     * What every trial shares.
     *
     * @param train  the training split in memory (null when no workload needs it)
     * @param quick  time fewer batches / calls and extrapolate
     */
    record Setup(FashionData train, boolean quick) {}
}
