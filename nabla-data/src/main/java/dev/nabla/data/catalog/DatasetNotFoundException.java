package dev.nabla.data.catalog;

/** A catalog dataset is neither installed nor downloadable; the message lists every place searched and the fixes. */
public class DatasetNotFoundException extends RuntimeException {
    public DatasetNotFoundException(String message, Throwable cause) { super(message, cause); }
}
