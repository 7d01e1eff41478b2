package dev.nabla.data.catalog;

import dev.nabla.data.DataFileException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * An expected digest of a file, either of its bytes as stored or of its gunzipped content. Catalog
 * entries use the content digest so that a re-compressed copy (as Debian packages ship) still verifies.
 *
 * @param algorithm "SHA-256" or "MD5"
 * @param hex       lower-case hex digest
 * @param gunzip    digest the decompressed content of a gzip file
 */
public record Checksum(String algorithm, String hex, boolean gunzip) {
    public static Checksum sha256(String hex) { return new Checksum("SHA-256", hex.toLowerCase(), false); }

    public static Checksum md5(String hex) { return new Checksum("MD5", hex.toLowerCase(), false); }

    /** SHA-256 of a gzip file's decompressed content. */
    public static Checksum gunzippedSha256(String hex) { return new Checksum("SHA-256", hex.toLowerCase(), true); }

    /** The digest of {@code file} as this checksum computes it. */
    public String compute(Path file) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("Checksum: unknown algorithm " + algorithm, e);
        }
        try (InputStream raw = Files.newInputStream(file); InputStream in = gunzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new DataFileException(file, "", "corrupt or truncated gzip data (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Checksum: cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Throws a {@link DataFileException} if {@code file} does not match. */
    public void verify(Path file) {
        String got = compute(file);
        if (!got.equals(hex))
            throw new DataFileException(file, "", algorithm + (gunzip ? " of the decompressed content" : "") + " is " + got + " but " + hex
                    + " was expected (corrupt or incomplete file)");
    }

    @Override public String toString() { return algorithm + (gunzip ? "(gunzip)" : "") + ":" + hex; }
}
