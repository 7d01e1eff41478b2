package dev.nabla.data;

import java.nio.file.Path;

/**
 * A data file that is truncated, corrupt or not of the expected type. The message names the file,
 * the place (byte offset or line) and what was expected, e.g.
 * {@code train-images-idx3-ubyte.gz: byte 0: bad IDX magic 0x1f8b0808, expected 0x0000TTDD ...}.
 */
public class DataFileException extends RuntimeException {
    private final transient Path file;

    public DataFileException(Path file, String where, String problem) {
        this(file, where, problem, null);
    }

    public DataFileException(Path file, String where, String problem, Throwable cause) {
        super((file == null ? "<stream>" : file.toString()) + (where == null || where.isEmpty() ? "" : ": " + where) + ": " + problem, cause);
        this.file = file;
    }

    /** The file at fault (null for an anonymous stream). */
    public Path file() { return file; }
}
