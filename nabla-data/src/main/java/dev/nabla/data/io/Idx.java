package dev.nabla.data.io;

import dev.nabla.data.DataFileException;

import java.io.BufferedInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes the IDX format of the MNIST family, raw or gzipped (detected from the content, not
 * the name). Layout: two zero bytes, a type byte, a rank byte, one big-endian int32 per dimension, then
 * the data. Every way a file can be wrong raises a {@link DataFileException} naming the file, the byte
 * offset and what was expected: a reader never returns a partial array.
 */
public final class Idx {
    private Idx() {}

    /** Largest array read onto the heap; bigger data belongs in a {@link MappedArray}. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 16;

    public static IdxArray read(Path file) {
        try (InputStream raw = Files.newInputStream(file)) {
            return read(file, raw);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "", "no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Idx.read: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads without computing the SHA-256 (a third of the cost of reading an uncompressed file) for content whose
     * digest is already known, e.g. a copy verified earlier; the result carries {@code knownSha256}.
     */
    public static IdxArray readKnown(Path file, String knownSha256) {
        try (InputStream raw = Files.newInputStream(file)) {
            return read(file, raw, null, knownSha256);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "", "no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Idx.read: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads from a stream; {@code file} names it in errors. The stream is not closed. */
    public static IdxArray read(Path file, InputStream raw) throws IOException { return read(file, raw, sha256(), null); }

    /** With {@code sha} null the digest is not computed and {@code knownSha256} is reported instead. */
    private static IdxArray read(Path file, InputStream raw, MessageDigest sha, String knownSha256) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        boolean gz = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        String unit = gz ? "byte %d of the decompressed data" : "byte %d";
        Counting counted;
        try {
            InputStream content = gz ? new GZIPInputStream(in, 1 << 16) : in;
            counted = new Counting(sha == null ? content : new DigestInputStream(content, sha));
        } catch (ZipException | EOFException e) {
            throw new DataFileException(file, "byte 0", "corrupt gzip header (" + e.getMessage() + ")", e);
        }
        try {
            byte[] head = counted.readNBytes(4);
            if (head.length < 4)
                throw new DataFileException(file, String.format(unit, 0), "file is " + head.length + " bytes long; an IDX file starts with a 4-byte magic number 0x0000TTRR");
            int type = head[2] & 0xFF, rank = head[3] & 0xFF;
            if (head[0] != 0 || head[1] != 0 || IdxArray.elementSize(type) < 0 || rank == 0)
                throw new DataFileException(file, String.format(unit, 0), String.format("bad IDX magic number 0x%02x%02x%02x%02x; expected 0x0000TTRR with "
                        + "type TT in {08, 09, 0B, 0C, 0D, 0E} and rank RR >= 1 (is this an IDX file%s?)",
                        head[0], head[1], head[2], head[3], gz ? "" : ", or a gzip file with a damaged start"));
            byte[] dimBytes = counted.readNBytes(4 * rank);
            if (dimBytes.length < 4 * rank)
                throw new DataFileException(file, String.format(unit, 4 + dimBytes.length), "file ends inside the header: " + rank
                        + " dimensions need " + (4 + 4 * rank) + " header bytes");
            int[] dims = new int[rank];
            long bytes = IdxArray.elementSize(type);
            for (int k = 0; k < rank; k++) {
                int o = 4 * k;
                dims[k] = ((dimBytes[o] & 0xFF) << 24) | ((dimBytes[o + 1] & 0xFF) << 16) | ((dimBytes[o + 2] & 0xFF) << 8) | (dimBytes[o + 3] & 0xFF);
                if (dims[k] < 0)
                    throw new DataFileException(file, String.format(unit, 4 + o), "dimension " + k + " is " + dims[k] + "; dimensions must be >= 0");
                bytes *= dims[k];
                if (bytes > MAX_BYTES)
                    throw new DataFileException(file, "header", "declares " + java.util.Arrays.toString(dims) + " elements, more than the "
                            + MAX_BYTES + " bytes an array can hold; convert it for MappedArray instead");
            }
            long start = 4 + 4L * rank;
            byte[] data = counted.readNBytes((int) bytes);
            if (data.length < bytes)
                throw new DataFileException(file, String.format(unit, start + data.length), "file is truncated: the header declares "
                        + IdxArray.typeName(type) + " " + java.util.Arrays.toString(dims) + " = " + bytes + " data bytes ending at byte "
                        + (start + bytes) + ", but the data stops after " + data.length);
            if (counted.read() != -1)
                throw new DataFileException(file, String.format(unit, start + bytes), "unexpected bytes after the " + bytes
                        + " data bytes declared by the header " + java.util.Arrays.toString(dims) + " (wrong header, or two files joined?)");
            return new IdxArray(file, type, dims, data, sha == null ? knownSha256 : HexFormat.of().formatHex(sha.digest()));
        } catch (ZipException | EOFException e) {
            throw new DataFileException(file, String.format(unit, counted.count),
                    "corrupt or truncated gzip stream (" + e.getMessage() + ")", e);
        }
    }

    /** Writes an IDX file atomically, gzipped if {@code gzip}. {@code data} is raw big-endian (not modified). */
    public static void write(Path file, int type, int[] dims, byte[] data, boolean gzip) {
        long need = IdxArray.elementSize(type);
        if (need < 0) throw new IllegalArgumentException(String.format("Idx.write: unknown type code 0x%02x", type));
        for (int d : dims) need *= d;
        if (need != data.length)
            throw new IllegalArgumentException("Idx.write: dims " + java.util.Arrays.toString(dims) + " of " + IdxArray.typeName(type)
                    + " need " + need + " bytes, got " + data.length);
        AtomicFiles.write(file, out -> {
            var z = gzip ? new GZIPOutputStream(out, 1 << 16) : out;
            DataOutputStream d = new DataOutputStream(z);
            d.writeInt((type << 8) | dims.length);
            for (int x : dims) d.writeInt(x);
            d.write(data);
            d.flush();
            if (z instanceof GZIPOutputStream g) g.finish();
        });
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Counts bytes read, to report where a corrupt stream broke. */
    private static final class Counting extends java.io.FilterInputStream {
        long count;

        Counting(InputStream in) { super(in); }

        @Override public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }
}
