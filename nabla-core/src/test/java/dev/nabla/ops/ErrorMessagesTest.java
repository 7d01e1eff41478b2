package dev.nabla.ops;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.*;

/** One test per op family: the exception type, and a message naming the op and the shapes or values at fault. */
class ErrorMessagesTest {
    static <T extends Throwable> void fails(Class<T> type, Executable call, String... mustContain) {
        T e = assertThrows(type, call);
        for (String s : mustContain)
            assertTrue(e.getMessage() != null && e.getMessage().contains(s), "message '" + e.getMessage() + "' should contain '" + s + "'");
    }

    static final Tensor A23 = Tensor.zeros(2, 3), B45 = Tensor.zeros(4, 5);

    @Test
    void matmulShapeMismatch() {
        fails(IllegalArgumentException.class, () -> A23.matmul(B45), "matmul", "[2, 3]", "[4, 5]");
        fails(IllegalArgumentException.class, () -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 4)), "matmul", "[2]", "[3]");
        fails(IllegalArgumentException.class, () -> Tensor.scalar(1).matmul(A23), "matmul", "[]", "[2, 3]");
        fails(IllegalArgumentException.class, () -> Tensor.zeros(3).dot(Tensor.zeros(4)), "dot", "[3]", "[4]");
    }

    @Test
    void broadcastFailure() {
        fails(IllegalArgumentException.class, () -> A23.add(B45), "add", "[2, 3]", "[4, 5]");
        fails(IllegalArgumentException.class, () -> A23.lt(Tensor.zeros(2)), "lt", "[2, 3]", "[2]");
        fails(IllegalArgumentException.class, () -> A23.add_(Tensor.zeros(4, 2, 3)), "add_", "[2, 3]", "[4, 2, 3]");
        fails(IllegalArgumentException.class, () -> A23.expand(4, 5), "expand", "[2, 3]", "[4, 5]");
        fails(IllegalArgumentException.class, () -> Tensor.where(Tensor.zeros(DType.BOOL, 3), A23, B45), "where");
    }

    @Test
    void badDim() {
        fails(IndexOutOfBoundsException.class, () -> A23.sum(new int[]{2}, false), "sum", "dim 2", "rank 2");
        fails(IndexOutOfBoundsException.class, () -> A23.softmax(-3), "softmax", "dim -3");
        fails(IndexOutOfBoundsException.class, () -> A23.transpose(0, 5), "transpose", "dim 5");
        fails(IllegalArgumentException.class, () -> A23.permute(0, 0), "permute", "repeated");
        fails(IllegalArgumentException.class, () -> A23.permute(0), "permute", "rank 2", "[2, 3]");
        fails(IllegalArgumentException.class, () -> A23.sum(new int[]{1, -1}, false), "sum", "more than once");
        fails(IndexOutOfBoundsException.class, () -> A23.unsqueeze(4), "unsqueeze", "dim 4");
    }

    @Test
    void badIndex() {
        fails(IndexOutOfBoundsException.class, () -> A23.indexSelect(1, Tensor.of(new long[]{0, 3}, 2)), "index_select", "index 3", "size 3");
        fails(IndexOutOfBoundsException.class, () -> A23.gather(0, Tensor.of(new long[]{0, 2, 1, 1, 1, 1}, 2, 3)), "gather", "index 2", "size 2");
        fails(IllegalArgumentException.class, () -> A23.gather(0, Tensor.of(new long[]{0}, 1)), "gather", "[1]", "[2, 3]");
        fails(IllegalArgumentException.class, () -> A23.indexSelect(0, Tensor.of(0.5f)), "index_select", "float32");
        fails(IndexOutOfBoundsException.class, () -> A23.get(2, 0), "get", "index 2", "size 2");
        fails(IndexOutOfBoundsException.class, () -> A23.select(1, -4), "select", "index -4", "size 3");
        fails(IndexOutOfBoundsException.class, () -> A23.narrow(1, 2, 2), "narrow", "start 2", "length 2", "size 3");
        fails(IllegalArgumentException.class, () -> A23.slice(1, 0, 3, 0), "slice", "step");
        fails(IllegalArgumentException.class, () -> A23.topk(4, 1, true, true), "topk", "k = 4", "size 3");
    }

    @Test
    void catAndStackShapeMismatch() {
        fails(IllegalArgumentException.class, () -> Tensor.cat(0, A23, B45), "cat", "[4, 5]", "[2, 3]", "dim 1");
        fails(IllegalArgumentException.class, () -> Tensor.cat(0, A23, Tensor.zeros(3)), "cat", "[3]", "rank 2");
        fails(IllegalArgumentException.class, () -> Tensor.stack(0, A23, Tensor.zeros(3, 2)), "stack", "[3, 2]", "[2, 3]");
        fails(IllegalArgumentException.class, () -> A23.split(new int[]{1, 1}, 1), "split", "[1, 1]", "size 3");
    }

    @Test
    void viewAndReshape() {
        fails(IllegalStateException.class, () -> A23.t().view(6), "view", "[3, 2]", "strides", "reshape()");
        fails(IllegalArgumentException.class, () -> A23.reshape(4, 2), "reshape", "[4, 2]", "[2, 3]", "6 elements");
        fails(IllegalArgumentException.class, () -> A23.reshape(-1, -1), "reshape", "only one dimension can be -1");
        fails(IllegalArgumentException.class, () -> Tensor.of(new float[]{1, 2, 3}, 2, 2), "of", "3 values", "[2, 2]");
    }

    @Test
    void dtypeAndAutogradMisuse() {
        fails(IllegalArgumentException.class, () -> Tensor.of(new long[]{1}, 1).requiresGrad(true), "requiresGrad", "int64");
        fails(IllegalArgumentException.class, () -> Tensor.of(new long[]{1}, 1).mean(), "mean", "int64");
        fails(IllegalArgumentException.class, () -> Tensor.of(new long[]{1, 2}, 2).std(), "var/std", "int64");
        fails(IllegalArgumentException.class, () -> Tensor.of(new long[]{1}, 1).add_(Tensor.of(0.5f)), "add_", "float32", "int64");
        Tensor leaf = Tensor.zeros(2).requiresGrad(true);
        fails(IllegalStateException.class, () -> leaf.add_(Tensor.ones(2)), "add_", "leaf", "[2]");
        fails(IllegalArgumentException.class, () -> leaf.mul(2).backward(), "backward", "[2]", "scalar");
        fails(IllegalArgumentException.class, () -> DType.parse("float8"), "float8", "valid");
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor y = x.exp();
        Tensor z = y.mul(y).sum();
        try (var g = dev.nabla.autograd.GradMode.noGrad()) { y.mul_(2); }
        fails(IllegalStateException.class, z::backward, "modified by an in-place operation", "[2]");
    }

    @Test
    void reductionsOfEmptyTensorsAndPadding() {
        fails(IllegalArgumentException.class, () -> Tensor.zeros(0).amax(null, false), "amax", "[0]");
        fails(IllegalArgumentException.class, () -> A23.pad(new int[]{3, 3}, Indexing.PadMode.REFLECT, 0), "pad", "reflect", "3");
        fails(IllegalArgumentException.class, () -> A23.pad(1, 1, 1), "pad", "[1, 1, 1]");
        fails(IllegalArgumentException.class, () -> Tensor.einsum("ij,jk->ik", A23, B45), "einsum", "'j'", "3", "4");
    }
}
