package dev.nabla.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Array;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Factories behind {@link Tensor}'s static creation methods. */
final class Creation {
    private Creation() {}

    static Tensor of(Storage s, int length, int[] shape) {
        int[] sh = shape.length == 0 && length != 1 ? new int[]{length} : shape;
        Shapes.checkShape("of", sh);
        if (Shapes.numel(sh) != length)
            throw new IllegalArgumentException("of: " + length + " values do not fill shape " + Shapes.str(sh) + " (" + Shapes.numel(sh) + " elements)");
        return Tensor.wrap(s, sh);
    }

    static Tensor ofBool(boolean[] data, int[] shape) {
        byte[] b = new byte[data.length];
        for (int k = 0; k < b.length; k++) b[k] = (byte) (data[k] ? 1 : 0);
        return of(Storage.ofBool(b), b.length, shape);
    }

    static Tensor fromArray(Object nested) {
        List<Integer> dims = new ArrayList<>();
        Object cur = nested;
        while (cur != null && cur.getClass().isArray() && cur.getClass().getComponentType().isArray()) {
            dims.add(Array.getLength(cur));
            cur = Array.getLength(cur) > 0 ? Array.get(cur, 0) : null;
        }
        if (cur == null || !cur.getClass().isArray())
            throw new IllegalArgumentException("fromArray: expected a (nested) primitive array, got " + (nested == null ? "null" : nested.getClass().getSimpleName()));
        dims.add(Array.getLength(cur));
        Class<?> leaf = cur.getClass().getComponentType();
        DType dt = leaf == float.class ? DType.FLOAT32 : leaf == double.class ? DType.FLOAT64 : leaf == int.class ? DType.INT32
                : leaf == long.class ? DType.INT64 : leaf == boolean.class ? DType.BOOL : null;
        if (dt == null) throw new IllegalArgumentException("fromArray: unsupported element type " + leaf);
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        Tensor t = Tensor.empty(dt, shape);
        int[] pos = {0};
        fill(nested, 0, shape, t.storage(), pos);
        return t;
    }

    private static void fill(Object arr, int depth, int[] shape, Storage s, int[] pos) {
        int n = Array.getLength(arr);
        if (n != shape[depth])
            throw new IllegalArgumentException("fromArray: ragged array: dimension " + depth + " has length " + n + " here but " + shape[depth] + " in the first row");
        if (depth == shape.length - 1) {
            for (int k = 0; k < n; k++) {
                Object v = Array.get(arr, k);
                s.setDouble(pos[0]++, v instanceof Boolean bo ? (bo ? 1 : 0) : ((Number) v).doubleValue());
            }
        } else {
            for (int k = 0; k < n; k++) fill(Array.get(arr, k), depth + 1, shape, s, pos);
        }
    }

    static Tensor arange(double start, double end, double step, DType dt) {
        if (step == 0 || Double.isNaN(step)) throw new IllegalArgumentException("arange: step must be nonzero, got " + step);
        long n = (long) Math.ceil((end - start) / step);
        if (n < 0) throw new IllegalArgumentException("arange: step " + step + " does not move from " + start + " towards " + end);
        Tensor t = Tensor.empty(dt, (int) n);
        for (int k = 0; k < n; k++) t.storage().setDouble(k, start + k * step);
        return t;
    }

    static Tensor linspace(double start, double end, int steps) {
        if (steps < 0) throw new IllegalArgumentException("linspace: steps must be >= 0, got " + steps);
        Tensor t = Tensor.empty(DType.FLOAT32, steps);
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        for (int k = 0; k < steps; k++) t.storage().setDouble(k, k < steps / 2 ? start + k * step : end - (steps - 1 - k) * step);
        return t;
    }

    static Tensor eye(int n, int m) {
        Tensor t = Tensor.empty(DType.FLOAT32, n, m);
        for (int k = 0; k < Math.min(n, m); k++) t.storage().setDouble(k * m + k, 1);
        return t;
    }

    static Tensor fromSegment(MemorySegment seg, DType dt, int[] shape) {
        Tensor t = Tensor.empty(dt, shape);
        long need = (long) t.numel() * dt.byteSize();
        if (seg.byteSize() < need)
            throw new IllegalArgumentException("fromMemorySegment: shape " + Shapes.str(shape) + " of " + dt + " needs " + need
                    + " bytes but the segment has " + seg.byteSize());
        MemorySegment dst = t.storage().segment();
        var le = ByteOrder.LITTLE_ENDIAN;
        switch (dt) {
            case FLOAT32 -> MemorySegment.copy(seg, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(le), 0, dst, ValueLayout.JAVA_FLOAT, 0, t.numel());
            case FLOAT64 -> MemorySegment.copy(seg, ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(le), 0, dst, ValueLayout.JAVA_DOUBLE, 0, t.numel());
            case INT32 -> MemorySegment.copy(seg, ValueLayout.JAVA_INT_UNALIGNED.withOrder(le), 0, dst, ValueLayout.JAVA_INT, 0, t.numel());
            case INT64 -> MemorySegment.copy(seg, ValueLayout.JAVA_LONG_UNALIGNED.withOrder(le), 0, dst, ValueLayout.JAVA_LONG, 0, t.numel());
            case BOOL -> MemorySegment.copy(seg, 0, dst, 0, t.numel());
            case BFLOAT16, FLOAT16 -> MemorySegment.copy(seg, ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(le), 0, dst, ValueLayout.JAVA_SHORT, 0, t.numel());
        }
        return t;
    }
}
