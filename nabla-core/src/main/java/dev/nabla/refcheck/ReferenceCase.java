package dev.nabla.refcheck;

import dev.nabla.io.Json;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One reference case of the {@code torch-ref-case/1} format (see FORMAT.md next to the data):
 * an op, its attributes, named input tensors, and the expected outputs and gradients.
 *
 * @param line the 1-based line of the case in its file (for messages)
 */
public record ReferenceCase(String id, String op, String family, String kind, Map<String, Object> attrs,
                            List<Spec> inputs, List<Spec> outputs, List<Spec> cotangents, List<Spec> grads,
                            double rtol, double atol, int line) {

    /**
     * A tensor of a case, values kept as given: floats as double, int64 and bool as long (0/1).
     *
     * @param flag {@code requires_grad} for inputs, {@code differentiable} for outputs, false otherwise
     */
    public record Spec(String name, DType dtype, int[] shape, boolean flag, double[] values, long[] ints) {
        public int numel() { return dtype == DType.FLOAT32 ? values.length : ints.length; }

        /** A fresh tensor of this spec (float32 values are exact, see FORMAT.md). */
        public Tensor toTensor() {
            return switch (dtype) {
                case FLOAT32 -> {
                    float[] f = new float[values.length];
                    for (int k = 0; k < f.length; k++) f[k] = (float) values[k];
                    yield Tensor.of(f, shape);
                }
                case INT64 -> Tensor.of(ints.clone(), shape);
                case BOOL -> {
                    boolean[] b = new boolean[ints.length];
                    for (int k = 0; k < b.length; k++) b[k] = ints[k] != 0;
                    yield Tensor.of(b, shape);
                }
                default -> throw new AssertionError(dtype);
            };
        }
    }

    /** True for {@code "optimizer"} cases (no gradients, named outputs only). */
    public boolean isOptimizer() { return "optimizer".equals(kind); }

    /** Parses every non-blank line of a JSON Lines text; errors name the line. */
    public static List<ReferenceCase> parseLines(String text) {
        List<ReferenceCase> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int lineNo = 0, start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) end = text.length();
            lineNo++;
            String line = text.substring(start, end);
            start = end + 1;
            if (line.isBlank()) continue;
            ReferenceCase c = parse(line, lineNo);
            if (!ids.add(c.id)) throw new IllegalArgumentException("line " + lineNo + ": duplicate case id '" + c.id + "'");
            out.add(c);
        }
        return out;
    }

    /** Parses one case object found on line {@code lineNo}. */
    @SuppressWarnings("unchecked")
    public static ReferenceCase parse(String json, int lineNo) {
        Object v = Json.parse(json, lineNo);
        if (!(v instanceof Map)) throw new IllegalArgumentException("line " + lineNo + ": a case must be a JSON object, got " + Json.typeName(v));
        Fields f = new Fields((Map<String, Object>) v, lineNo, null);
        String id = f.string("id");
        f = new Fields(f.map, lineNo, id);
        String schema = f.string("schema");
        if (!schema.equals("torch-ref-case/1"))
            throw f.error("unknown schema '" + schema + "' (expected torch-ref-case/1)");
        Map<String, Object> attrs = f.map.get("attrs") == null ? Map.of() : (Map<String, Object>) f.typed("attrs", Map.class);
        Map<String, Object> tol = (Map<String, Object>) f.typed("tolerance", Map.class);
        Fields tf = new Fields(tol, lineNo, id);
        return new ReferenceCase(id, f.string("op"), f.map.getOrDefault("family", "").toString(), f.string("kind"), attrs,
                f.specs("inputs", "requires_grad"), f.specs("outputs", "differentiable"), f.specs("cotangents", null),
                f.specs("grads", null), tf.number("rtol"), tf.number("atol"), lineNo);
    }

    /** Typed field access with errors naming the line, case and field. */
    private record Fields(Map<String, Object> map, int line, String id) {
        IllegalArgumentException error(String msg) {
            return new IllegalArgumentException("line " + line + (id == null ? "" : " (case " + id + ")") + ": " + msg);
        }

        Object typed(String key, Class<?> type) {
            if (!map.containsKey(key)) throw error("missing field '" + key + "'");
            Object v = map.get(key);
            if (!type.isInstance(v))
                throw error("field '" + key + "' must be a " + type.getSimpleName().toLowerCase() + ", got " + Json.typeName(v));
            return v;
        }

        String string(String key) { return (String) typed(key, String.class); }

        double number(String key) { return ((Number) typed(key, Number.class)).doubleValue(); }

        @SuppressWarnings("unchecked")
        List<Spec> specs(String key, String flagKey) {
            List<Object> list = (List<Object>) typed(key, List.class);
            List<Spec> out = new ArrayList<>(list.size());
            for (int k = 0; k < list.size(); k++) {
                if (!(list.get(k) instanceof Map))
                    throw error(key + "[" + k + "] must be a tensor object, got " + Json.typeName(list.get(k)));
                out.add(spec(key + "[" + k + "]", (Map<String, Object>) list.get(k), flagKey));
            }
            return out;
        }

        @SuppressWarnings("unchecked")
        private Spec spec(String where, Map<String, Object> t, String flagKey) {
            Fields f = new Fields(t, line, id);
            String name = f.string("name");
            where = where + " '" + name + "'";
            String dt = f.string("dtype");
            DType dtype = switch (dt) {
                case "float32" -> DType.FLOAT32;
                case "int64" -> DType.INT64;
                case "bool" -> DType.BOOL;
                default -> throw error(where + ": unsupported dtype '" + dt + "' (valid: float32, int64, bool)");
            };
            List<Object> sh = (List<Object>) f.typed("shape", List.class);
            int[] shape = new int[sh.size()];
            long numel = 1;
            for (int k = 0; k < shape.length; k++) {
                if (!(sh.get(k) instanceof Long l) || l < 0 || l > Integer.MAX_VALUE)
                    throw error(where + ": shape " + sh + " must hold non-negative integers");
                shape[k] = (int) (long) l;
                numel *= l;
            }
            List<Object> data = (List<Object>) f.typed("data", List.class);
            if (data.size() != numel)
                throw error(where + ": data has " + data.size() + " values but shape " + sh + " needs " + numel);
            boolean flag = flagKey != null && Boolean.TRUE.equals(t.get(flagKey));
            double[] values = null;
            long[] ints = null;
            if (dtype == DType.FLOAT32) {
                values = new double[data.size()];
                for (int k = 0; k < values.length; k++) {
                    if (!(data.get(k) instanceof Number n)) throw error(where + ": data[" + k + "] must be a number, got " + Json.typeName(data.get(k)));
                    values[k] = n.doubleValue();
                }
            } else {
                ints = new long[data.size()];
                for (int k = 0; k < ints.length; k++) {
                    Object o = data.get(k);
                    if (dtype == DType.BOOL && o instanceof Boolean b) ints[k] = b ? 1 : 0;
                    else if (dtype == DType.INT64 && o instanceof Long l) ints[k] = l;
                    else throw error(where + ": data[" + k + "] must be " + (dtype == DType.BOOL ? "true/false" : "an integer") + ", got " + Json.typeName(o));
                }
            }
            return new Spec(name, dtype, shape, flag, values, ints);
        }
    }
}
