package dev.nabla.refcheck;

import dev.nabla.ops.Reduce;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reference-case runners for the tensor-core ops (elementwise, reductions, matmul, movement,
 * indexing, joining). Each case maps onto the Tensor facade with PyTorch's argument conventions.
 */
public final class CoreRunners implements OpRunner {
    private static final Set<String> OPS = Set.of("add", "sub", "mul", "div", "exp", "log", "tanh", "sigmoid", "relu", "gelu",
            "softmax", "log_softmax", "matmul", "sum", "mean", "max", "transpose", "permute", "reshape", "slice", "index",
            "gather", "index_select", "cat", "stack");

    @Override public Set<String> ops() { return OPS; }

    @Override
    public Map<String, Tensor> run(String op, Map<String, Tensor> in, Map<String, Object> a) {
        Tensor x = in.get("x");
        if (op.equals("max")) return max(x, a);
        return Map.of("out", switch (op) {
            case "add" -> x.add(in.get("y"), Attrs.number(a, "alpha", 1));
            case "sub" -> {
                double alpha = Attrs.number(a, "alpha", 1);
                yield x.sub(alpha == 1 ? in.get("y") : in.get("y").mul(alpha));
            }
            case "mul" -> x.mul(in.get("y"));
            case "div" -> x.div(in.get("y"));
            case "exp" -> x.exp();
            case "log" -> x.log();
            case "tanh" -> x.tanh();
            case "sigmoid" -> x.sigmoid();
            case "relu" -> x.relu();
            case "gelu" -> switch (Attrs.string(a, "approximate", "none")) {
                case "none" -> x.gelu();
                case "tanh" -> x.geluTanh();
                default -> throw new IllegalArgumentException("gelu: approximate must be 'none' or 'tanh', got " + a.get("approximate"));
            };
            case "softmax" -> x.softmax(Attrs.integer(a, "dim", -1));
            case "log_softmax" -> x.logSoftmax(Attrs.integer(a, "dim", -1));
            case "matmul" -> x.matmul(in.get("y"));
            case "sum" -> x.sum(Attrs.ints(a, "dim", null), Attrs.bool(a, "keepdim", false));
            case "mean" -> x.mean(Attrs.ints(a, "dim", null), Attrs.bool(a, "keepdim", false));
            case "transpose" -> x.transpose(Attrs.integer(a, "dim0", 0), Attrs.integer(a, "dim1", 1));
            case "permute" -> x.permute(Attrs.ints(a, "dims", null));
            case "reshape" -> x.reshape(Attrs.ints(a, "shape", null));
            case "slice" -> slice(x, a);
            case "index" -> x.index(Attrs.integer(a, "dim", 0), in.get("index"));
            case "gather" -> x.gather(Attrs.integer(a, "dim", 0), in.get("index"));
            case "index_select" -> x.indexSelect(Attrs.integer(a, "dim", 0), in.get("index"));
            case "cat" -> Tensor.cat(Attrs.integer(a, "dim", 0), inNameOrder(in));
            case "stack" -> Tensor.stack(Attrs.integer(a, "dim", 0), inNameOrder(in));
            default -> throw new IllegalArgumentException("CoreRunners: unknown op '" + op + "'");
        });
    }

    private static Map<String, Tensor> max(Tensor x, Map<String, Object> a) {
        if (!Attrs.has(a, "dim")) return Map.of("values", x.max());
        Reduce.ValuesIndices r = x.max(Attrs.integer(a, "dim", 0), Attrs.bool(a, "keepdim", false));
        return Map.of("values", r.values(), "indices", r.indices());
    }

    /** {@code x[s0, s1, ...]} with Python slices {@code [start, stop, step]} (nulls = open) per leading dim. */
    private static Tensor slice(Tensor x, Map<String, Object> a) {
        Object s = a.get("slices");
        if (!(s instanceof List<?> slices)) throw new IllegalArgumentException("slice: attribute 'slices' must be a list, got " + s);
        Tensor out = x;
        for (int d = 0; d < slices.size(); d++) {
            if (slices.get(d) == null) continue;
            if (!(slices.get(d) instanceof List<?> p) || p.size() != 3)
                throw new IllegalArgumentException("slice: slices[" + d + "] must be [start, stop, step] or null, got " + slices.get(d));
            int start = p.get(0) == null ? 0 : Attrs.toInt("slices", p.get(0));
            int stop = p.get(1) == null ? Integer.MAX_VALUE : Attrs.toInt("slices", p.get(1));
            int step = p.get(2) == null ? 1 : Attrs.toInt("slices", p.get(2));
            out = out.slice(d, start, stop, step);
        }
        return out;
    }

    /** The inputs x0, x1, ... in name order (x2 before x10), the order cat/stack take them in. */
    private static Tensor[] inNameOrder(Map<String, Tensor> in) {
        return in.entrySet().stream()
                .sorted(java.util.Comparator.comparing((Map.Entry<String, Tensor> e) -> e.getKey().length()).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getValue).toArray(Tensor[]::new);
    }
}
