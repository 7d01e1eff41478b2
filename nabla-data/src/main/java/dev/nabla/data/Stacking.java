package dev.nabla.data;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Storage;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** The copying kernels behind {@link Collate}: each item's elements go straight into the batch array. */
final class Stacking {
    private Stacking() {}

    static <T> Tensor stack(List<T> items, Function<T, Tensor> part, String what) {
        if (items.isEmpty()) throw new IllegalArgumentException("collate: empty batch");
        Tensor first = part.apply(items.get(0));
        int[] shape = first.shape();
        DType dt = first.dtype();
        int row = first.numel();
        int[] outShape = new int[shape.length + 1];
        outShape[0] = items.size();
        System.arraycopy(shape, 0, outShape, 1, shape.length);
        Tensor out = Tensor.empty(dt, outShape);
        Object dst = array(out.storage());
        for (int k = 0; k < items.size(); k++) {
            Tensor t = part.apply(items.get(k));
            if (t.dtype() != dt || !Arrays.equals(t.shapeRef(), shape))
                throw new IllegalArgumentException("collate: " + what + " of batch item " + k + " has shape " + Arrays.toString(t.shapeRef())
                        + " and dtype " + t.dtype() + " but item 0 has " + Arrays.toString(shape) + " and " + dt
                        + " (pad variable-length items with Collate.padded / paddedExamples)");
            Tensor c = t.contiguous();
            System.arraycopy(array(c.storage()), c.offset(), dst, k * row, row);
        }
        return out;
    }

    /** Scalar integer targets to [N] int64; anything else stacked as is. */
    static Tensor stackTargets(List<Example> items) {
        Tensor first = items.get(0).target();
        if (first.dim() != 0 || !first.dtype().isIntegral()) return stack(items, Example::target, "target");
        long[] labels = new long[items.size()];
        for (int k = 0; k < labels.length; k++) {
            Tensor t = items.get(k).target();
            if (t.dim() != 0 || !t.dtype().isIntegral())
                throw new IllegalArgumentException("collate: target of batch item " + k + " has shape " + Arrays.toString(t.shapeRef())
                        + " and dtype " + t.dtype() + " but item 0 has a scalar " + first.dtype() + " label");
            labels[k] = t.storage().getLong(t.offset());
        }
        return Tensor.of(labels, labels.length);
    }

    static <T> Tensor pad(List<T> items, Function<T, Tensor> part, double padValue, String what) {
        if (items.isEmpty()) throw new IllegalArgumentException("collate: empty batch");
        Tensor first = part.apply(items.get(0));
        if (first.dim() == 0) throw new IllegalArgumentException("collate: " + what + " of batch item 0 is a scalar; padding needs sequences [L, ...]");
        int[] tail = Arrays.copyOfRange(first.shapeRef(), 1, first.dim());
        DType dt = first.dtype();
        int maxLen = 0;
        for (int k = 0; k < items.size(); k++) {
            Tensor t = part.apply(items.get(k));
            if (t.dim() == 0 || t.dtype() != dt || !Arrays.equals(Arrays.copyOfRange(t.shapeRef(), 1, t.dim()), tail))
                throw new IllegalArgumentException("collate: " + what + " of batch item " + k + " has shape " + Arrays.toString(t.shapeRef())
                        + " and dtype " + t.dtype() + "; padding needs [L, " + Arrays.toString(tail).replaceAll("[\\[\\]]", "") + "] of " + dt
                        + " like item 0");
            maxLen = Math.max(maxLen, t.size(0));
        }
        int step = 1;
        for (int d : tail) step *= d;
        int[] outShape = new int[tail.length + 2];
        outShape[0] = items.size();
        outShape[1] = maxLen;
        System.arraycopy(tail, 0, outShape, 2, tail.length);
        Tensor out = padValue == 0 ? Tensor.empty(dt, outShape) : Tensor.full(padValue, dt, outShape);
        Object dst = array(out.storage());
        int row = maxLen * step;
        for (int k = 0; k < items.size(); k++) {
            Tensor c = part.apply(items.get(k)).contiguous();
            System.arraycopy(array(c.storage()), c.offset(), dst, k * row, c.numel());
        }
        return out;
    }

    /** The backing primitive array of a storage, whatever its dtype. */
    static Object array(Storage s) {
        return switch (s.dtype()) {
            case FLOAT32 -> s.floats();
            case FLOAT64 -> s.doubles();
            case INT32 -> s.ints();
            case INT64 -> s.longs();
            case BOOL -> s.bools();
            case BFLOAT16, FLOAT16 -> s.halves();
        };
    }
}
