package dev.nabla.data;

/**
 * An item failed to load or a batch failed to collate inside a {@link DataLoader}. Carries the dataset
 * index of the failing item ({@code -1} when the failure was in collation of a whole batch) and the
 * batch number; the original exception is the cause.
 */
public class DataLoaderException extends RuntimeException {
    private final int index;
    private final long batch;

    public DataLoaderException(String message, int index, long batch, Throwable cause) {
        super(message, cause);
        this.index = index;
        this.batch = batch;
    }

    /** Dataset index of the item that failed, or -1 if the failure concerned the whole batch. */
    public int index() { return index; }

    /** Zero-based batch number within the epoch. */
    public long batch() { return batch; }
}
