package dev.nabla.data.io;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The content of an IDX file: element type, dimensions and the raw big-endian data.
 *
 * @param source the file it came from (for error messages)
 * @param type   IDX type code: 0x08 unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64
 * @param dims   the dimensions, e.g. [60000, 28, 28]
 * @param data   raw data, big-endian, dims' product times the element size in bytes
 * @param sha256 hex SHA-256 of the whole decompressed file (header included), for catalog checks
 */
public record IdxArray(Path source, int type, int[] dims, byte[] data, String sha256) {
    public static final int UBYTE = 0x08, BYTE = 0x09, SHORT = 0x0B, INT = 0x0C, FLOAT = 0x0D, DOUBLE = 0x0E;

    /** Bytes per element of a type code, or -1 if the code is not an IDX type. */
    public static int elementSize(int type) {
        return switch (type) {
            case UBYTE, BYTE -> 1;
            case SHORT -> 2;
            case INT, FLOAT -> 4;
            case DOUBLE -> 8;
            default -> -1;
        };
    }

    public static String typeName(int type) {
        return switch (type) {
            case UBYTE -> "unsigned byte";
            case BYTE -> "signed byte";
            case SHORT -> "int16";
            case INT -> "int32";
            case FLOAT -> "float32";
            case DOUBLE -> "float64";
            default -> String.format("unknown type 0x%02x", type);
        };
    }

    /** Number of elements. */
    public long count() {
        long n = 1;
        for (int d : dims) n *= d;
        return n;
    }

    /** Element {@code k} as a double, whatever the type. */
    public double get(long k) {
        int i = (int) k;
        return switch (type) {
            case UBYTE -> data[i] & 0xFF;
            case BYTE -> data[i];
            case SHORT -> (short) (((data[2 * i] & 0xFF) << 8) | (data[2 * i + 1] & 0xFF));
            case INT -> intAt(4 * i);
            case FLOAT -> Float.intBitsToFloat(intAt(4 * i));
            case DOUBLE -> Double.longBitsToDouble(((long) intAt(8 * i) << 32) | (intAt(8 * i + 4) & 0xFFFFFFFFL));
            default -> throw new IllegalStateException("IdxArray: unknown type " + type);
        };
    }

    private int intAt(int b) {
        return ((data[b] & 0xFF) << 24) | ((data[b + 1] & 0xFF) << 16) | ((data[b + 2] & 0xFF) << 8) | (data[b + 3] & 0xFF);
    }

    /** Throws a {@link dev.nabla.data.DataFileException} unless type and rank are as expected (-1 dims entries match anything). */
    public IdxArray expect(int expectedType, int... expectedDims) {
        boolean ok = type == expectedType && dims.length == expectedDims.length;
        for (int k = 0; ok && k < dims.length; k++) ok = expectedDims[k] < 0 || expectedDims[k] == dims[k];
        if (!ok)
            throw new dev.nabla.data.DataFileException(source, "header", "holds " + typeName(type) + " " + Arrays.toString(dims)
                    + " but " + typeName(expectedType) + " " + Arrays.toString(expectedDims).replace("-1", "*") + " was expected");
        return this;
    }

    @Override public String toString() { return "IdxArray[" + source + ", " + typeName(type) + " " + Arrays.toString(dims) + "]"; }
}
