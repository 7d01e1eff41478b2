package dev.nabla.io;

import dev.nabla.data.io.AtomicFiles;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of
 * JSON ({@code {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...,
 * "__metadata__": {"key": "value"}}}), then the raw little-endian tensor data. Files written here
 * open in other safetensors readers, and files from them open here. Reading only parses JSON and
 * copies bytes: nothing in a file can make it run code.
 *
 * <pre>{@code
 * SafeTensors.save(Path.of("model.safetensors"), module.stateDict(), Map.of("epoch", "3"));
 * SafeTensors.Contents c = SafeTensors.load(Path.of("model.safetensors"));
 * }</pre>
 */
public final class SafeTensors {
    private SafeTensors() {}

    /** Header sizes above this are refused: real headers are kilobytes, a garbage length is not. */
    static final long MAX_HEADER = 100L << 20;

    /** Tensors by name (in file order) and the string metadata map. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /** The format's dtype code for a Nabla dtype. */
    public static String code(DType dt) {
        return switch (dt) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT32 -> "I32";
            case INT64 -> "I64";
            case BOOL -> "BOOL";
            case BFLOAT16 -> "BF16";
            case FLOAT16 -> "F16";
        };
    }

    static DType dtypeOf(String code, String where) {
        return switch (code) {
            case "F32" -> DType.FLOAT32;
            case "F64" -> DType.FLOAT64;
            case "I32" -> DType.INT32;
            case "I64" -> DType.INT64;
            case "BOOL" -> DType.BOOL;
            case "BF16" -> DType.BFLOAT16;
            case "F16" -> DType.FLOAT16;
            default -> throw new IllegalArgumentException(where + ": dtype \"" + code
                    + "\" is not supported (valid: F32, F64, I32, I64, BOOL, BF16, F16)");
        };
    }

    // ------------------------------------------------------------------ writing

    /** Writes the tensors (Not modified) and metadata to {@code path} atomically (temporary file + rename). */
    public static void save(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) {
        AtomicFiles.write(path, out -> write(out, tensors, metadata));
    }

    /** Writes the safetensors bytes to a stream (not closed). Tensors are Not modified. */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) header.put("__metadata__", new LinkedHashMap<>(metadata));
        long offset = 0;
        List<Tensor> ordered = new ArrayList<>();
        for (var e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__"))
                throw new IllegalArgumentException("SafeTensors.write: \"__metadata__\" is reserved and cannot name a tensor");
            Tensor t = e.getValue().contiguous();
            long bytes = (long) t.numel() * t.dtype().byteSize();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", code(t.dtype()));
            entry.put("shape", t.shape());
            entry.put("data_offsets", new long[]{offset, offset + bytes});
            header.put(e.getKey(), entry);
            ordered.add(t);
            offset += bytes;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7; // the spec allows trailing spaces; 8-byte alignment keeps data aligned
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        out.write(len.array());
        out.write(json);
        for (int k = json.length; k < padded; k++) out.write(' ');
        for (Tensor t : ordered) writeData(out, t);
    }

    private static void writeData(OutputStream out, Tensor t) throws IOException {
        int n = t.numel();
        if (n == 0) return;
        int es = t.dtype().byteSize();
        // Copy in chunks through a little-endian segment so huge tensors do not double the heap.
        int chunk = Math.max(1, (1 << 20) / es);
        byte[] buf = new byte[Math.min(n, chunk) * es];
        MemorySegment dst = MemorySegment.ofArray(buf);
        MemorySegment src = t.storage().segment();
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            long srcIndex = (long) t.offset() + start;
            switch (t.dtype()) {
                case FLOAT32 -> MemorySegment.copy(src, ValueLayout.JAVA_FLOAT, srcIndex * 4, dst, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(le), 0, m);
                case FLOAT64 -> MemorySegment.copy(src, ValueLayout.JAVA_DOUBLE, srcIndex * 8, dst, ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(le), 0, m);
                case INT32 -> MemorySegment.copy(src, ValueLayout.JAVA_INT, srcIndex * 4, dst, ValueLayout.JAVA_INT_UNALIGNED.withOrder(le), 0, m);
                case INT64 -> MemorySegment.copy(src, ValueLayout.JAVA_LONG, srcIndex * 8, dst, ValueLayout.JAVA_LONG_UNALIGNED.withOrder(le), 0, m);
                case BOOL -> MemorySegment.copy(src, srcIndex, dst, 0, m);
                case BFLOAT16, FLOAT16 -> MemorySegment.copy(src, ValueLayout.JAVA_SHORT, srcIndex * 2, dst, ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(le), 0, m);
            }
            out.write(buf, 0, m * es);
        }
    }

    // ------------------------------------------------------------------ reading

    /** Reads a safetensors file; errors name the file and what is wrong (not safetensors, truncated, bad entry). */
    public static Contents load(Path path) {
        String where = "safetensors file " + path;
        try (Arena arena = Arena.ofConfined();
             FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            MemorySegment seg = size == 0 ? MemorySegment.ofArray(new byte[0]) : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            return read(seg, where);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(where + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + where + ": " + e.getMessage(), e);
        }
    }

    /** Parses safetensors bytes (Not modified). */
    public static Contents read(byte[] bytes) { return read(MemorySegment.ofArray(bytes), "safetensors data"); }

    /** Reads only the header of a file: tensor entries and metadata, without the data. */
    public static Map<String, Object> header(Path path) {
        try {
            byte[] all = Files.readAllBytes(path);
            return parseHeader(MemorySegment.ofArray(all), "safetensors file " + path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read safetensors file " + path + ": " + e.getMessage(), e);
        }
    }

    static Contents read(MemorySegment seg, String where) {
        Map<String, Object> header = parseHeader(seg, where);
        long headerLen = seg.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        long dataStart = 8 + headerLen, dataLen = seg.byteSize() - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (var e : header.entrySet()) {
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> m))
                    throw new IllegalArgumentException(where + ": \"__metadata__\" must be an object of strings");
                for (var me : m.entrySet()) {
                    if (!(me.getValue() instanceof String s))
                        throw new IllegalArgumentException(where + ": metadata value for \"" + me.getKey() + "\" must be a string, got " + me.getValue());
                    metadata.put((String) me.getKey(), s);
                }
                continue;
            }
            Entry en = entry(name, e.getValue(), where);
            long need = (long) Shapes.numel(en.shape) * en.dtype.byteSize();
            if (en.end - en.begin != need)
                throw new IllegalArgumentException(where + ": tensor \"" + name + "\" of " + en.dtype + " " + Shapes.str(en.shape)
                        + " needs " + need + " bytes but data_offsets [" + en.begin + ", " + en.end + "] cover " + (en.end - en.begin));
            if (en.end > dataLen)
                throw new IllegalArgumentException(where + " is truncated: tensor \"" + name + "\" ends at byte " + en.end
                        + " of the data section but the file holds only " + dataLen + " data bytes");
            tensors.put(name, Tensor.fromMemorySegment(seg.asSlice(dataStart + en.begin, need), en.dtype, en.shape));
        }
        return new Contents(tensors, metadata);
    }

    private record Entry(DType dtype, int[] shape, long begin, long end) {}

    private static Entry entry(String name, Object v, String where) {
        String at = where + ": tensor \"" + name + "\"";
        if (!(v instanceof Map<?, ?> m)) throw new IllegalArgumentException(at + " must be an object with dtype, shape and data_offsets");
        if (!(m.get("dtype") instanceof String code)) throw new IllegalArgumentException(at + " has no string \"dtype\"");
        DType dt = dtypeOf(code, at);
        if (!(m.get("shape") instanceof List<?> sl)) throw new IllegalArgumentException(at + " has no \"shape\" array");
        int[] shape = new int[sl.size()];
        for (int k = 0; k < shape.length; k++) {
            if (!(sl.get(k) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE)
                throw new IllegalArgumentException(at + " has an invalid shape " + sl + " (need non-negative integers)");
            shape[k] = (int) (long) d;
        }
        if (!(m.get("data_offsets") instanceof List<?> ol) || ol.size() != 2
                || !(ol.get(0) instanceof Long b) || !(ol.get(1) instanceof Long en) || b < 0 || en < b)
            throw new IllegalArgumentException(at + " has invalid \"data_offsets\" " + m.get("data_offsets") + " (need [begin, end] with 0 <= begin <= end)");
        return new Entry(dt, shape, b, en);
    }

    private static Map<String, Object> parseHeader(MemorySegment seg, String where) {
        long size = seg.byteSize();
        if (size < 8)
            throw new IllegalArgumentException(where + " is not a safetensors file: it has only " + size + " bytes, fewer than the 8-byte header length");
        long n = seg.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (n < 2 || n > MAX_HEADER)
            throw new IllegalArgumentException(where + " is not a safetensors file: its first 8 bytes give a header length of " + n
                    + " (valid: 2 to " + MAX_HEADER + " bytes)");
        if (8 + n > size)
            throw new IllegalArgumentException(where + " is truncated or not a safetensors file: the header needs " + n
                    + " bytes but only " + (size - 8) + " follow the length field");
        byte[] hb = seg.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
        if (hb[0] != '{')
            throw new IllegalArgumentException(where + " is not a safetensors file: the header does not start with a JSON object");
        Object parsed;
        try {
            parsed = Json.parse(new String(hb, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " is not a valid safetensors file: its header is not valid JSON (" + e.getMessage() + ")", e);
        }
        if (!(parsed instanceof Map<?, ?> m))
            throw new IllegalArgumentException(where + " is not a safetensors file: the header is not a JSON object");
        @SuppressWarnings("unchecked") Map<String, Object> header = (Map<String, Object>) m;
        return header;
    }
}
