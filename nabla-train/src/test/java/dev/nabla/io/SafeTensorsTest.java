package dev.nabla.io;

import dev.nabla.data.io.AtomicFiles;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SafeTensorsTest {
    @TempDir Path dir;

    /** One tensor of every dtype, with values that survive the dtype exactly. */
    static Map<String, Tensor> everyDtype() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("f32", Tensor.of(new float[]{1.5f, -2.25f, 3e-8f, Float.MAX_VALUE, -0f, 7f}, 2, 3));
        m.put("f64", Tensor.of(new double[]{Math.PI, -1e300}, 2));
        m.put("i32", Tensor.of(new int[]{Integer.MIN_VALUE, 0, 42}, 3, 1));
        m.put("i64", Tensor.of(new long[]{Long.MAX_VALUE, -5}, 2));
        m.put("bool", Tensor.of(new boolean[]{true, false, true}, 3));
        m.put("bf16", Tensor.of(new float[]{1f, -2f, 0.5f, 384f}, 4).to(DType.BFLOAT16));
        m.put("f16", Tensor.of(new float[]{1f, -2f, 0.25f, 65504f}, 2, 2).to(DType.FLOAT16));
        m.put("scalar", Tensor.scalar(3.0));
        m.put("empty", Tensor.zeros(0, 4));
        return m;
    }

    static void assertSame(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (var e : expected.entrySet()) {
            Tensor a = actual.get(e.getKey()), x = e.getValue();
            assertEquals(x.dtype(), a.dtype(), e.getKey());
            assertArrayEquals(x.shape(), a.shape(), e.getKey());
            assertArrayEquals(x.toDoubleArray(), a.toDoubleArray(), e.getKey());
        }
    }

    @Test void roundTripOfEveryDtypeWithMetadata() {
        Path p = dir.resolve("all.safetensors");
        Map<String, Tensor> in = everyDtype();
        SafeTensors.save(p, in, Map.of("epoch", "3", "note", "quote \" and \u00e9"));
        SafeTensors.Contents c = SafeTensors.load(p);
        assertSame(in, c.tensors());
        assertEquals(Map.of("epoch", "3", "note", "quote \" and \u00e9"), c.metadata());
    }

    @Test void nonContiguousViewsAreWrittenInLogicalOrder() {
        Tensor t = Tensor.arange(6).reshape(2, 3).transpose(0, 1);
        SafeTensors.Contents c = SafeTensors.read(bytes(Map.of("t", t), Map.of()));
        assertArrayEquals(new int[]{3, 2}, c.tensors().get("t").shape());
        assertArrayEquals(new float[]{0, 3, 1, 4, 2, 5}, c.tensors().get("t").toFloatArray());
    }

    /** Parses the bytes by hand, following the published layout, not through our reader. */
    @Test void fileFollowsTheSpecLayout() {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("w", Tensor.of(new float[]{1, 2, 3, 4}, 2, 2));
        in.put("h", Tensor.of(new float[]{1, -2}, 2).to(DType.BFLOAT16));
        byte[] b = bytes(in, Map.of("k", "v"));
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long n = bb.getLong(0);
        String json = new String(b, 8, (int) n, StandardCharsets.UTF_8).strip();
        @SuppressWarnings("unchecked") Map<String, Object> h = (Map<String, Object>) Json.parse(json);
        assertEquals(Map.of("k", "v"), h.get("__metadata__"));
        @SuppressWarnings("unchecked") Map<String, Object> w = (Map<String, Object>) h.get("w");
        assertEquals("F32", w.get("dtype"));
        assertEquals(List.of(2L, 2L), w.get("shape"));
        assertEquals(List.of(0L, 16L), w.get("data_offsets"));
        @SuppressWarnings("unchecked") Map<String, Object> hh = (Map<String, Object>) h.get("h");
        assertEquals("BF16", hh.get("dtype"));
        assertEquals(List.of(16L, 20L), hh.get("data_offsets"));
        int data = 8 + (int) n;
        assertEquals(b.length, data + 20);
        for (int k = 0; k < 4; k++) assertEquals(k + 1f, bb.getFloat(data + 4 * k));
        assertEquals((short) 0x3f80, bb.getShort(data + 16)); // bf16 of 1.0 is the top half of 0x3f800000
        assertEquals((short) 0xc000, bb.getShort(data + 18)); // -2.0
    }

    /** A file written by hand the way another tool would (no padding, different key order) reads back. */
    @Test void readsAForeignFile() {
        String json = "{\"b\":{\"data_offsets\":[8,16],\"shape\":[2],\"dtype\":\"I32\"},\"a\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]}}";
        byte[] hj = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bb = ByteBuffer.allocate(8 + hj.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(hj.length).put(hj).putDouble(2.5).putInt(7).putInt(-9);
        SafeTensors.Contents c = SafeTensors.read(bb.array());
        assertEquals(2.5, c.tensors().get("a").item());
        assertArrayEquals(new int[]{7, -9}, c.tensors().get("b").toIntArray());
        assertTrue(c.metadata().isEmpty());
    }

    @Test void truncatedFileIsNamedAsTruncated() throws IOException {
        Path p = dir.resolve("t.safetensors");
        SafeTensors.save(p, everyDtype(), Map.of());
        byte[] all = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(all, all.length - 3));
        var e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.load(p));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        Files.write(p, Arrays.copyOf(all, 20)); // cut inside the header
        e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.load(p));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test void otherFilesAreRejectedAsNotSafetensors() throws IOException {
        Path p = dir.resolve("x.safetensors");
        Files.writeString(p, "PK\u0003\u0004 this is a zip, or a pickle, or anything else entirely");
        var e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.load(p));
        assertTrue(e.getMessage().contains("not a safetensors file"), e.getMessage());
        Files.write(p, new byte[]{1, 2, 3});
        e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.load(p));
        assertTrue(e.getMessage().contains("not a safetensors file"), e.getMessage());
        // right length field, but the header is not JSON
        byte[] junk = "{not json at all}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer bb = ByteBuffer.allocate(8 + junk.length).order(ByteOrder.LITTLE_ENDIAN).putLong(junk.length).put(junk);
        e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(bb.array()));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test void badEntriesNameTheTensor() {
        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        byte[] hj = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bb = ByteBuffer.allocate(8 + hj.length + 8).order(ByteOrder.LITTLE_ENDIAN).putLong(hj.length).put(hj);
        var e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(bb.array()));
        assertTrue(e.getMessage().contains("\"w\"") && e.getMessage().contains("needs 12 bytes"), e.getMessage());
        String json2 = "{\"w\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        byte[] hj2 = json2.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bb2 = ByteBuffer.allocate(8 + hj2.length + 1).order(ByteOrder.LITTLE_ENDIAN).putLong(hj2.length).put(hj2);
        e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(bb2.array()));
        assertTrue(e.getMessage().contains("Q4"), e.getMessage());
    }

    @Test void failureMidWriteKeepsThePreviousFile() throws IOException {
        Path p = dir.resolve("ckpt.safetensors");
        Map<String, Tensor> first = Map.of("w", Tensor.of(new float[]{1, 2, 3}, 3));
        SafeTensors.save(p, first, Map.of("epoch", "1"));
        byte[] before = Files.readAllBytes(p);
        Map<String, Tensor> second = Map.of("w", Tensor.zeros(1000));
        assertThrows(RuntimeException.class, () -> AtomicFiles.write(p, out ->
                SafeTensors.write(new FailAfter(out, 200), second, Map.of("epoch", "2"))));
        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals("1", SafeTensors.load(p).metadata().get("epoch"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(p.getFileName()), files.map(Path::getFileName).toList(), "no temporary file may be left behind");
        }
        SafeTensors.save(p, second, Map.of("epoch", "2"));
        assertEquals("2", SafeTensors.load(p).metadata().get("epoch"));
    }

    private static byte[] bytes(Map<String, Tensor> t, Map<String, String> meta) {
        try {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            SafeTensors.write(bo, t, meta);
            return bo.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Simulates a disk that fails (or a process that dies) after {@code limit} bytes. */
    static final class FailAfter extends FilterOutputStream {
        private long left;

        FailAfter(OutputStream out, long limit) { super(out); left = limit; }

        @Override public void write(int b) throws IOException {
            if (left-- <= 0) throw new IOException("simulated failure: no space left on device");
            out.write(b);
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            for (int k = 0; k < len; k++) write(b[off + k]);
        }
    }
}
