package dev.nabla.data.io;

import dev.nabla.data.DataFileException;
import dev.nabla.data.Dataset;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A raw little-endian array file, memory-mapped so it may be far larger than the heap: row {@code i}
 * is copied into a fresh tensor of {@code rowShape} only when read. No header: the caller states dtype
 * and row shape, and a file whose size is not a whole number of rows is rejected (truncated or wrongly
 * typed). Close it to unmap; rows already read stay valid.
 *
 * <pre>{@code
 * MappedArray.write(Path.of("feats.f32"), features);                       // [N, 512] float32
 * try (MappedArray rows = MappedArray.open(Path.of("feats.f32"), DType.FLOAT32, 512)) {
 *     Tensor r = rows.get(123_456);                                         // [512]
 * }
 * }</pre>
 */
public final class MappedArray implements Dataset<Tensor>, AutoCloseable {
    private final Path file;
    private final Arena arena;
    private final MemorySegment segment;
    private final DType dtype;
    private final int[] rowShape;
    private final long rowBytes;
    private final int rows;

    private MappedArray(Path file, Arena arena, MemorySegment segment, DType dtype, int[] rowShape, long rowBytes, int rows) {
        this.file = file; this.arena = arena; this.segment = segment; this.dtype = dtype; this.rowShape = rowShape; this.rowBytes = rowBytes; this.rows = rows;
    }

    public static MappedArray open(Path file, DType dtype, int... rowShape) {
        long rowBytes = dtype.byteSize();
        for (int d : rowShape) {
            if (d < 1) throw new IllegalArgumentException("MappedArray.open: row shape " + Arrays.toString(rowShape) + " must have positive dimensions");
            rowBytes *= d;
        }
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size % rowBytes != 0)
                throw new DataFileException(file, "byte " + (size - size % rowBytes), "file size " + size + " is not a whole number of rows of "
                        + dtype + " " + Arrays.toString(rowShape) + " (" + rowBytes + " bytes each): " + size % rowBytes
                        + " bytes left over (truncated file, or wrong dtype / row shape?)");
            if (size / rowBytes > Integer.MAX_VALUE)
                throw new DataFileException(file, "", "holds " + size / rowBytes + " rows, more than a Dataset can index (2^31-1)");
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            return new MappedArray(file, arena, seg, dtype, rowShape.clone(), rowBytes, (int) (size / rowBytes));
        } catch (IOException e) {
            arena.close();
            throw new UncheckedIOException("MappedArray.open: cannot map " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Writes {@code t} (not modified) as raw data in the platform's byte order, which is little-endian on
     * every JDK platform Nabla runs on (x86-64, AArch64); atomically. Reopen with t's dtype and shape minus dim 0.
     */
    public static void write(Path file, Tensor t) {
        MemorySegment src = t.contiguous().asMemorySegment();
        AtomicFiles.write(file, out -> {
            byte[] buf = new byte[1 << 16];
            MemorySegment stage = MemorySegment.ofArray(buf);
            for (long at = 0, n = src.byteSize(); at < n; at += buf.length) {
                int len = (int) Math.min(buf.length, n - at);
                MemorySegment.copy(src, at, stage, 0, len);
                out.write(buf, 0, len);
            }
        });
    }

    @Override public int size() { return rows; }

    @Override public Tensor get(int index) {
        Dataset.checkIndex(index, rows);
        return Tensor.fromMemorySegment(segment.asSlice(index * rowBytes, rowBytes), dtype, rowShape);
    }

    public DType dtype() { return dtype; }

    public int[] rowShape() { return rowShape.clone(); }

    public Path file() { return file; }

    @Override public void close() { arena.close(); }
}
