package dev.nabla.nn.refcheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.refcheck.OpRunner;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Runs every PyTorch reference case of the loss and optimizer ops (a copy of those lines of
 * torch_cases.jsonl) through the runner found by ServiceLoader, comparing outputs and, for autograd
 * cases, the gradients of {@code sum(out * cotangent)}, within each case's tolerance.
 */
class LossOptimRunnersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> cases() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (var r = new BufferedReader(new InputStreamReader(
                LossOptimRunnersTest.class.getResourceAsStream("/reference/torch_cases_loss_optim.jsonl"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) if (!line.isBlank()) out.add(JSON.readTree(line));
        }
        return out;
    }

    private static OpRunner runner() {
        for (OpRunner r : ServiceLoader.load(OpRunner.class)) if (r instanceof LossOptimRunners) return r;
        throw new AssertionError("LossOptimRunners is not registered in META-INF/services");
    }

    static Tensor tensor(JsonNode t) {
        int[] shape = new int[t.get("shape").size()];
        for (int k = 0; k < shape.length; k++) shape[k] = t.get("shape").get(k).asInt();
        JsonNode d = t.get("data");
        return switch (t.get("dtype").asText()) {
            case "float32" -> {
                float[] f = new float[d.size()];
                for (int i = 0; i < f.length; i++) f[i] = (float) d.get(i).asDouble();
                Tensor x = Tensor.of(f, shape);
                yield t.path("requires_grad").asBoolean(false) ? x.requiresGrad(true) : x;
            }
            case "int64" -> {
                long[] l = new long[d.size()];
                for (int i = 0; i < l.length; i++) l[i] = d.get(i).asLong();
                yield Tensor.of(l, shape);
            }
            case "bool" -> {
                boolean[] b = new boolean[d.size()];
                for (int i = 0; i < b.length; i++) b[i] = d.get(i).asBoolean();
                yield Tensor.of(b, shape);
            }
            default -> throw new AssertionError("unknown dtype " + t.get("dtype"));
        };
    }

    private static Object value(JsonNode n) {
        if (n.isNull()) return null;
        if (n.isBoolean()) return n.asBoolean();
        if (n.isIntegralNumber()) return n.asLong();
        if (n.isNumber()) return n.asDouble();
        if (n.isTextual()) return n.asText();
        if (n.isArray()) { List<Object> l = new ArrayList<>(); n.forEach(e -> l.add(value(e))); return l; }
        Map<String, Object> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), value(e.getValue())));
        return m;
    }

    /** Null when within tolerance, else a description of the worst element. */
    private static String compare(String what, Tensor actual, JsonNode expected, double rtol, double atol) {
        int[] shape = new int[expected.get("shape").size()];
        for (int k = 0; k < shape.length; k++) shape[k] = expected.get("shape").get(k).asInt();
        if (!java.util.Arrays.equals(shape, actual.shape()))
            return what + ": shape " + java.util.Arrays.toString(actual.shape()) + " != " + java.util.Arrays.toString(shape);
        double[] a = actual.toDoubleArray();
        JsonNode d = expected.get("data");
        for (int i = 0; i < a.length; i++) {
            double e = d.get(i).asDouble();
            if (!(Math.abs(a[i] - e) <= atol + rtol * Math.abs(e))) return what + "[" + i + "]: " + a[i] + " != " + e;
        }
        return null;
    }

    @Test
    void everyCaseOfTheLossAndOptimizerOpsMatchesPyTorch() throws Exception {
        OpRunner runner = runner();
        List<String> failures = new ArrayList<>();
        Map<String, Integer> perOp = new TreeMap<>();
        for (JsonNode c : cases()) {
            String id = c.get("id").asText(), op = c.get("op").asText();
            if (!runner.ops().contains(op)) continue;
            perOp.merge(op, 1, Integer::sum);
            double rtol = c.get("tolerance").get("rtol").asDouble(), atol = c.get("tolerance").get("atol").asDouble();
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            for (JsonNode t : c.get("inputs")) inputs.put(t.get("name").asText(), tensor(t));
            @SuppressWarnings("unchecked") Map<String, Object> attrs = (Map<String, Object>) value(c.get("attrs"));
            try {
                Map<String, Tensor> outs = runner.run(op, inputs, attrs);
                for (JsonNode o : c.get("outputs")) {
                    Tensor a = outs.get(o.get("name").asText());
                    String err = a == null ? "missing output " + o.get("name") : compare(o.get("name").asText(), a, o, rtol, atol);
                    if (err != null) failures.add(id + " " + err);
                }
                if (c.get("cotangents").isEmpty()) continue;
                Tensor loss = null;
                for (JsonNode cot : c.get("cotangents")) {
                    Tensor term = outs.get(cot.get("name").asText()).mul(tensor(cot)).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                loss.backward();
                for (JsonNode g : c.get("grads")) {
                    Tensor in = inputs.get(g.get("name").asText());
                    String err = in.grad() == null ? "no grad for " + g.get("name") : compare("grad " + g.get("name").asText(), in.grad(), g, rtol, atol);
                    if (err != null) failures.add(id + " " + err);
                }
            } catch (RuntimeException e) {
                failures.add(id + " threw " + e);
            }
        }
        System.out.println("reference cases per op: " + perOp);
        assertEquals(runner.ops(), perOp.keySet(), "every op of the runner has reference cases");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
