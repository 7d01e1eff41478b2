package dev.nabla.ops;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.nabla.ops.OpCheck.*;
import static org.junit.jupiter.api.Assertions.*;

class JoinTest {
    @Test
    void catAlongEveryDimPlacesEachPiece() {
        Tensor a = randn(1, 2, 3, 4), b = randn(2, 2, 3, 4);
        for (int d = -3; d < 3; d++) {
            Tensor c = Tensor.cat(d, a, b.transpose(0, 1).contiguous().transpose(0, 1)); // second operand non-contiguous
            int dd = d < 0 ? d + 3 : d;
            assertEquals(a.size(dd) + b.size(dd), c.size(dd));
            assertClose("cat first " + d, a, c.narrow(dd, 0, a.size(dd)), 0, 0);
            assertClose("cat second " + d, b, c.narrow(dd, a.size(dd), b.size(dd)), 0, 0);
        }
        Tensor mixed = Tensor.cat(0, Tensor.of(new long[]{1, 2}, 2), Tensor.of(0.5f));
        assertEquals(dev.nabla.tensor.DType.FLOAT32, mixed.dtype(), "cat promotes like PyTorch");
        assertArrayEquals(new float[]{1, 2, 0.5f}, mixed.toFloatArray());
    }

    @Test
    void stackAddsADim() {
        Tensor a = randn(1, 3, 4), b = randn(2, 3, 4), c = randn(3, 3, 4);
        for (int d = -3; d < 3; d++) {
            Tensor s = Tensor.stack(d, a, b, c);
            int dd = d < 0 ? d + 3 : d;
            assertEquals(3, s.size(dd));
            assertClose("stack " + d, b, s.select(dd, 1), 0, 0);
        }
    }

    @Test
    void splitAndChunkAreViewsThatCoverTheInput() {
        Tensor x = Tensor.arange(0, 20, 1).reshape(2, 10);
        List<Tensor> parts = x.split(3, 1);
        assertEquals(4, parts.size());
        assertArrayEquals(new int[]{2, 1}, parts.get(3).shape());
        assertSame(x.storage(), parts.get(1).storage());
        assertClose("split round trip", x, Tensor.cat(1, parts), 0, 0);
        List<Tensor> sized = x.split(new int[]{2, 5, 3}, -1);
        assertArrayEquals(new float[]{2, 3, 4, 5, 6, 12, 13, 14, 15, 16}, sized.get(1).toFloatArray());
        List<Tensor> chunks = x.chunk(3, 1);
        assertEquals(3, chunks.size());
        assertArrayEquals(new int[]{4, 4, 2}, chunks.stream().mapToInt(t -> t.size(1)).toArray());
        assertEquals(2, Tensor.arange(3).chunk(2, 0).size());
    }
}
