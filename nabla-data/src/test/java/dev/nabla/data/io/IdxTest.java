package dev.nabla.data.io;

import dev.nabla.data.DataFileException;
import dev.nabla.data.catalog.IdxImageDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class IdxTest {
    @TempDir Path dir;

    static byte[] pixels(int n) {
        byte[] b = new byte[n];
        for (int k = 0; k < n; k++) b[k] = (byte) (k * 7);
        return b;
    }

    static byte[] gzip(byte[] raw) throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) { g.write(raw); }
        return bo.toByteArray();
    }

    Path write(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    static DataFileException fails(Path p) { return assertThrows(DataFileException.class, () -> Idx.read(p)); }

    static void says(DataFileException e, String... parts) {
        for (String s : parts) assertTrue(e.getMessage().contains(s), "'" + s + "' missing from: " + e.getMessage());
    }

    @Test void roundTripRawAndGzip() throws Exception {
        for (boolean gz : new boolean[]{false, true}) {
            Path p = dir.resolve("a.idx" + (gz ? ".gz" : ""));
            Idx.write(p, IdxArray.UBYTE, new int[]{3, 2, 2}, pixels(12), gz);
            IdxArray a = Idx.read(p);
            assertArrayEquals(new int[]{3, 2, 2}, a.dims());
            assertArrayEquals(pixels(12), a.data());
            assertEquals(7 * 5, a.get(5));
        }
        Path f = dir.resolve("f.idx");
        byte[] floats = java.nio.ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-2f).array();
        Idx.write(f, IdxArray.FLOAT, new int[]{2}, floats, false);
        assertEquals(-2.0, Idx.read(f).get(1));
        try (var s = Files.list(dir)) { assertTrue(s.noneMatch(x -> x.getFileName().toString().endsWith(".tmp")), "temp files left"); }
    }

    @Test void badMagic() throws Exception {
        says(fails(write("png.idx", new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 1})), "png.idx", "byte 0", "bad IDX magic number 0x89504e47");
        says(fails(write("type.idx", new byte[]{0, 0, 0x07, 1, 0, 0, 0, 0})), "type.idx", "magic", "0x00000701");
    }

    @Test void shortReads() throws Exception {
        says(fails(write("tiny.idx", new byte[]{0, 0})), "tiny.idx", "2 bytes long");
        says(fails(write("head.idx", new byte[]{0, 0, 8, 3, 0, 0, 0, 5, 0})), "head.idx", "byte 9", "inside the header");
        byte[] full = new byte[4 + 8 + 6];
        full[2] = 8; full[3] = 2; full[7] = 2; full[11] = 3;
        byte[] truncated = Arrays.copyOf(full, full.length - 2);
        says(fails(write("short.idx", truncated)), "short.idx", "byte 16", "truncated", "[2, 3]", "6 data bytes ending at byte 18", "after 4");
        says(fails(write("short.idx.gz", gzip(truncated))), "short.idx.gz", "byte 16 of the decompressed data", "truncated");
        says(fails(write("long.idx", Arrays.copyOf(full, full.length + 1))), "long.idx", "byte 18", "unexpected bytes");
    }

    @Test void corruptGzip() throws Exception {
        byte[] raw = new byte[4 + 4 + 5000];
        raw[2] = 8; raw[3] = 1; raw[6] = 0x13; raw[7] = (byte) 0x88;
        for (int k = 8; k < raw.length; k++) raw[k] = (byte) (k * 31 + k / 7);
        byte[] gz = gzip(raw);
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        says(fails(write("cut.gz", cut)), "cut.gz", "decompressed", "truncated");
        byte[] flipped = gz.clone();
        for (int k = 20; k < 40; k++) flipped[k] ^= 0x5A;
        DataFileException e = fails(write("flip.gz", flipped));
        says(e, "flip.gz");
        says(fails(write("hdr.gz", new byte[]{0x1f, (byte) 0x8b, 1, 2})), "hdr.gz", "gzip");
    }

    @Test void wrongTypeAndMismatchedFiles() {
        Path img = dir.resolve("img.idx"), lab = dir.resolve("lab.idx"), lab3 = dir.resolve("lab3.idx");
        Idx.write(img, IdxArray.UBYTE, new int[]{2, 2, 2}, pixels(8), false);
        Idx.write(lab, IdxArray.UBYTE, new int[]{3}, new byte[]{1, 2, 3}, false);
        Idx.write(lab3, IdxArray.UBYTE, new int[]{2}, new byte[]{1, 12}, false);
        says(assertThrows(DataFileException.class, () -> Idx.read(lab).expect(IdxArray.UBYTE, -1, -1, -1)),
                "lab.idx", "unsigned byte [3]", "unsigned byte [*, *, *] was expected");
        says(assertThrows(DataFileException.class, () -> new IdxImageDataset(Idx.read(img), Idx.read(lab), 10)),
                "lab.idx", "3 labels", "2 images");
        says(assertThrows(DataFileException.class, () -> new IdxImageDataset(Idx.read(img), Idx.read(lab3), 10)),
                "lab3.idx", "byte 9", "label 12 of item 1");
        IdxImageDataset ok = new IdxImageDataset(Idx.read(img), Idx.read(img.resolveSibling("lab3.idx")), 20);
        assertArrayEquals(new int[]{1, 2, 2}, ok.get(1).input().shape());
        assertEquals(12, ok.get(1).label());
        assertEquals((pixels(8)[5] & 0xFF) / 255f, ok.get(1).input().toFloatArray()[1], 1e-7);
    }

    @Test void missingFile() {
        says(fails(dir.resolve("nope.idx")), "nope.idx", "no such file");
    }
}
