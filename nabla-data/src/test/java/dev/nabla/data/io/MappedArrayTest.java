package dev.nabla.data.io;

import dev.nabla.data.DataFileException;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class MappedArrayTest {
    @Test void roundTripAndRowAccess(@TempDir Path dir) {
        Path f = dir.resolve("x.f32");
        Tensor t = Tensor.arange(0, 24, 1).reshape(4, 2, 3);
        MappedArray.write(f, t);
        try (MappedArray m = MappedArray.open(f, DType.FLOAT32, 2, 3)) {
            assertEquals(4, m.size());
            assertArrayEquals(new int[]{2, 3}, m.get(2).shape());
            assertArrayEquals(new float[]{12, 13, 14, 15, 16, 17}, m.get(2).toFloatArray());
            assertThrows(IndexOutOfBoundsException.class, () -> m.get(4));
        }
        Path l = dir.resolve("x.i64");
        MappedArray.write(l, Tensor.of(new long[]{5, -6}, 2, 1));
        try (MappedArray m = MappedArray.open(l, DType.INT64, 1)) {
            assertEquals(-6, m.get(1).toLongArray()[0]);
        }
    }

    @Test void partialRowIsRejected(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.f32");
        Files.write(f, new byte[4 * 6 + 3]);
        DataFileException e = assertThrows(DataFileException.class, () -> MappedArray.open(f, DType.FLOAT32, 3));
        assertTrue(e.getMessage().contains("bad.f32: byte 24") && e.getMessage().contains("3 bytes left over"), e.getMessage());
    }
}
